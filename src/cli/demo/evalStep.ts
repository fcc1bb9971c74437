import path from "node:path";
import { runEvaluation } from "../../eval/runEvaluation.js";
import type { DemoStep } from "./DemoStep.js";

const ITEMS = 20;

/** Scores the demo model on the first MedQA-4 items with the paper's top-token protocol. */
export const evalStep: DemoStep = {
    title: `Evaluation: MedQA-4 (first ${ITEMS} items), top-token protocol, results cached and resumable`,
    async run(env) {
        if (env.dataDir === undefined) {
            env.say("  Skipped: no benchmark data folder found (pass --data DIR; `npx meditron eval datasets` lists the files).");
            return;
        }
        const run = await runEvaluation({
            model: env.model,
            benchmarks: ["medqa4"],
            protocol: "top-token",
            dataDir: env.dataDir,
            shots: 0,
            seeds: [1234],
            limit: ITEMS,
            cache: path.join(env.workDir, "eval-cache.sqlite"),
            outDir: path.join(env.workDir, "runs"),
            signal: env.context.signal
        });
        for (const benchmark of run.results.benchmarks) {
            const ci = benchmark.perSeed[0]?.confidenceInterval;
            const interval = ci === undefined ? "" : `, 95% CI ${(ci.low * 100).toFixed(1)}-${(ci.high * 100).toFixed(1)}%`;
            env.say(`  ${benchmark.benchmark}: accuracy ${(benchmark.summary.accuracy.mean * 100).toFixed(1)}% over ${benchmark.items} items${interval} (chance is 25%)`);
        }
        env.say(`  ${run.requests.cached} cached, ${run.requests.new} new model calls; written to ${run.directory ?? "(memory)"}`);
        env.say("  Full paper protocol: npx meditron eval run --model M --bench medqa4 --protocol top-token --shots 3");
    }
};
