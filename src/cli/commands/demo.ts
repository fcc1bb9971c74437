import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { synthesizeModel } from "../../models/gguf/synthesizeModel.js";
import { loadLlamaCppModel } from "../../models/llama-cpp/loadLlamaCppModel.js";
import { UserError } from "../../util/errors.js";
import type { CliContext, RegisterCommand } from "../CliCommand.js";
import type { DemoEnvironment } from "../demo/DemoStep.js";
import { demoSteps } from "../demo/demoSteps.js";

interface DemoFlags {
    dir?: string;
    data?: string;
    threads?: string;
}

/**
 * `meditron demo`: works offline on a fresh clone. Makes the `tiny` synthetic model, answers a
 * medical question with it through the real engine, then shows each capability with one short step.
 */
export const registerDemo: RegisterCommand = (program: Command, context: CliContext) => {
    program
        .command("demo")
        .description("offline tour: make a tiny synthetic model and run each capability on it")
        .option("--dir <dir>", "scratch folder for the demo's files (default: ~/.cache/meditron/demo)")
        .option("--data <dir>", "benchmark data folder for the evaluation step (default: $MEDITRON_DATA_DIR or ../shared/data/benchmarks)")
        .option("--threads <n>", "CPU threads for llama.cpp (default: physical cores)")
        .action(async (flags: DemoFlags) => {
            const say = (line = ""): void => void context.io.stdout.write(`${line}\n`);
            const workDir = path.resolve(flags.dir ?? path.join(os.homedir(), ".cache", "meditron", "demo"));
            await mkdir(workDir, { recursive: true });
            const threads = flags.threads === undefined ? undefined : parseThreads(flags.threads);

            say("meditron demo: every step runs offline on a synthetic model.");
            say();
            const modelPath = path.join(workDir, "meditron-tiny-synthetic.gguf");
            const synth = await synthesizeModel({ outputPath: modelPath, preset: "tiny", seed: 1 });
            say(`Made the synthetic 'tiny' model: ${modelPath}`);
            say(`  ${synth.parameterCount.toLocaleString("en-US")} parameters, ${(synth.sizeBytes / 2 ** 20).toFixed(1)} MiB, written in ${synth.seconds.toFixed(2)} s`);
            say("  (same as: npx meditron model synth --preset tiny -o tiny.gguf)");
            say();

            const model = await loadLlamaCppModel({ modelPath, ...(threads === undefined ? {} : { threads }), contextSize: 2048, sequences: 2 });
            const env: DemoEnvironment = { context, model, modelPath, workDir, dataDir: findDataDir(flags.data, context), say };
            try {
                for (const [index, step] of demoSteps.entries()) {
                    if (context.signal.aborted) break;
                    say(`[${index + 1}/${demoSteps.length}] ${step.title}`);
                    await step.run(env);
                    say();
                }
            } finally {
                await model.dispose();
            }
            say("Done. See docs/ for one page per command.");
        });
};

function parseThreads(raw: string): number {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1 || value > os.availableParallelism()) {
        throw new UserError("invalid --threads", { expected: `an integer from 1 to ${os.availableParallelism()}`, found: JSON.stringify(raw) });
    }
    return value;
}

/** The benchmark data folder: the flag, then $MEDITRON_DATA_DIR, then the shared data beside a checkout. */
function findDataDir(flag: string | undefined, context: CliContext): string | undefined {
    const candidates = [flag, context.io.env.MEDITRON_DATA_DIR, path.resolve("..", "shared", "data", "benchmarks")];
    for (const candidate of candidates) {
        if (candidate !== undefined && existsSync(candidate)) return path.resolve(candidate);
    }
    if (flag !== undefined) throw new UserError(`benchmark data folder not found: ${flag}`, { expected: "a folder laid out like the official releases", fix: "see `meditron eval datasets`" });
    return undefined;
}
