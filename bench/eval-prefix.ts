/**
 * Evaluation-runner benchmark: MedQA-4, 3-shot, top-token, on the synthetic `small` model.
 *
 *   npx tsx bench/eval-prefix.ts [--items N] [--reps R] [--threads T] [--sequences S] [--data DIR] [--gpu auto|vulkan|cuda]
 *
 * Three measurements on the same items (the first N test items, demonstrations drawn with seed
 * 1234 from the dev split, as `meditron eval run --shots-from <dev>` does), repeated R times in
 * rotating order, medians reported:
 *
 * 1. runner: `runEvaluation` with a fresh response cache (so every item is a real model call),
 *    through meditron's llama.cpp backend: items/s and prompt tokens actually evaluated per second.
 * 2. naive: a plain loop that evaluates every item's full prompt on a cleared sequence and reads
 *    the next-token distribution (node-llama-cpp directly, prompts pre-tokenized, untimed).
 *    Target: runner items/s ≥ 3 × naive items/s.
 * 3. raw: llama.cpp evaluating exactly the tokens the runner had to evaluate (each prompt's tail
 *    past the prefix it shares with the previous prompt, via `evaluateWithoutGeneratingNewTokens`),
 *    with nothing else timed. Target: runner evaluated tokens/s ≥ 0.9 × raw tokens/s.
 *
 * Wall-clock and process-CPU ratios are both reported: CPU time is robust to other processes
 * competing for a shared machine. Writes bench/results/eval-prefix.json.
 */
import { mkdirSync, mkdtempSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LlamaLogLevel, getLlama, type Token } from "node-llama-cpp";
import { loadBenchmark } from "../src/eval/datasets/loadBenchmark.js";
import { loadShotPool, parseShotSource } from "../src/eval/datasets/loadShotPool.js";
import { runEvaluation } from "../src/eval/runEvaluation.js";
import { renderExamPrompts } from "../src/eval/shots/renderExamPrompts.js";
import { sha256File } from "../src/util/sha256.js";
import { synthesizeModel } from "../src/models/gguf/synthesizeModel.js";
import { loadLlamaCppModel } from "../src/models/llama-cpp/loadLlamaCppModel.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const flag = (name: string, fallback: string): string => {
    const index = args.indexOf(name);
    return index === -1 ? fallback : (args[index + 1] ?? fallback);
};
const itemCount = Number(flag("--items", "100"));
const reps = Number(flag("--reps", "3"));
const threads = Number(flag("--threads", "1"));
const sequences = Number(flag("--sequences", "1"));
const gpuFlag = flag("--gpu", "none");
const gpu = gpuFlag === "none" ? false : (gpuFlag as "auto" | "vulkan" | "cuda");
const dataDir = path.resolve(flag("--data", path.resolve(root, "../shared/data/benchmarks")));
const devFile = path.join(dataDir, "medqa/questions/US/4_options/phrases_no_exclude_dev.jsonl");
const seed = 1234;
const shots = 3;

const median = (values: readonly number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

interface Timing {
    wallSeconds: number;
    cpuSeconds: number;
}

async function timed(work: () => Promise<void>): Promise<Timing> {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await work();
    const used = process.cpuUsage(cpu);
    return { wallSeconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

async function main(): Promise<void> {
    const modelDir = path.join(os.tmpdir(), "meditron-bench");
    mkdirSync(modelDir, { recursive: true });
    const modelPath = path.join(modelDir, "eval-prefix-small.gguf");
    if (!existsSync(modelPath)) await synthesizeModel({ outputPath: modelPath, preset: "small", seed: 1 });

    // Hashed once, untimed: a real cache remembers the hash, but each repetition here starts a fresh cache.
    const modelSha256 = await sha256File(modelPath);
    const ours = await loadLlamaCppModel({ modelPath, threads, sequences, gpu, contextSize: 2048 });
    const llama = await getLlama({ gpu, build: "never", maxThreads: threads, logLevel: LlamaLogLevel.warn, progressLogs: false });
    const rawModel = await llama.loadModel({ modelPath });
    const rawContext = await rawModel.createContext({ contextSize: 2048, sequences: 1, threads });
    const rawSequence = rawContext.getSequence();

    // The prompts the runner sends (renderExamPrompts is what runEvaluation builds; a test checks they agree).
    const loaded = await loadBenchmark("medqa4", { dataDir });
    const pool = await loadShotPool("medqa4", parseShotSource(devFile), { dataDir });
    const rendered = renderExamPrompts({ benchmark: "medqa4", items: loaded.items.slice(0, itemCount), shots, pool, seed });
    const tokenLists = rendered.map((r) => ours.promptTokens(r.prompt) as Token[]).filter((tokens) => tokens.length <= 2048);
    if (tokenLists.length !== rendered.length) throw new Error("a benchmark prompt does not fit 2048 tokens; pick fewer --items");
    const labelTokens = ["A", "B", "C", "D"].map((letter) => rawModel.tokenize(`The answer is: ${letter}`).at(-1)!);

    // Tokens the runner evaluates: each prompt's tail past its common prefix with the previous prompt (one sequence).
    const tails = tokenLists.map((tokens, i) => {
        const previous = i === 0 ? [] : tokenLists[i - 1]!;
        let shared = 0;
        while (shared < previous.length && shared < tokens.length - 1 && previous[shared] === tokens[shared]) shared++;
        return { tokens, shared };
    });
    const tailTokenCount = tails.reduce((sum, t) => sum + t.tokens.length - t.shared, 0);
    const fullTokenCount = tokenLists.reduce((sum, t) => sum + t.length, 0);

    const runs: { runner: Timing[]; naive: Timing[]; raw: Timing[]; runnerEvaluated: number[] } = { runner: [], naive: [], raw: [], runnerEvaluated: [] };
    let naiveAnswers: string[] = [];
    let runnerAnswers: string[] = [];

    const measureRunner = async (): Promise<void> => {
        const cache = path.join(mkdtempSync(path.join(os.tmpdir(), "meditron-bench-cache-")), "cache.sqlite");
        // Start each repetition cold: the sequences hold no prefix from the previous pass.
        const before = ours.stats.evaluatedTokens;
        let answers: string[] = [];
        runs.runner.push(
            await timed(async () => {
                const run = await runEvaluation({ model: ours, benchmarks: ["medqa4"], protocol: "top-token", dataDir, shotsFrom: devFile, seeds: [seed], limit: itemCount, cache, concurrency: sequences, modelSha256 });
                answers = run.items.map((item) => item.extracted ?? "");
            })
        );
        runs.runnerEvaluated.push(ours.stats.evaluatedTokens - before);
        runnerAnswers = answers;
    };

    const measureNaive = async (): Promise<void> => {
        const answers: string[] = [];
        runs.naive.push(
            await timed(async () => {
                for (const tokens of tokenLists) {
                    await rawSequence.clearHistory();
                    const output = await rawSequence.controlledEvaluate([...tokens.slice(0, -1), [tokens.at(-1)!, { generateNext: { probabilities: true } }]]);
                    const probabilities = output.at(-1)!.next!.probabilities!;
                    const scores = labelTokens.map((token) => probabilities.get(token) ?? 0);
                    answers.push("ABCD"[scores.indexOf(Math.max(...scores))]!);
                }
            })
        );
        naiveAnswers = answers;
    };

    const measureRaw = async (): Promise<void> => {
        await rawSequence.clearHistory();
        runs.raw.push(
            await timed(async () => {
                for (const { tokens, shared } of tails) {
                    if (rawSequence.nextTokenIndex > shared) await rawSequence.eraseContextTokenRanges([{ start: shared, end: rawSequence.nextTokenIndex }]);
                    await rawSequence.evaluateWithoutGeneratingNewTokens(tokens.slice(shared));
                }
            })
        );
    };

    // Warm-up (first passes pay page faults and allocation), then rotating order.
    await measureRaw();
    runs.raw.length = 0;
    const order = [measureRunner, measureNaive, measureRaw];
    for (let rep = 0; rep < reps; rep++) {
        for (let k = 0; k < order.length; k++) await order[(rep + k) % order.length]!();
        // A fresh pool state for the runner next time: evaluate something unrelated.
        await ours.nextTokenDistribution("Unrelated warm text to reset the sequence prefix.");
    }

    const runnerItems = median(runs.runner.map((t) => itemCount / t.wallSeconds));
    const naiveItems = median(runs.naive.map((t) => itemCount / t.wallSeconds));
    const runnerTokens = median(runs.runner.map((t, i) => runs.runnerEvaluated[i]! / t.wallSeconds));
    const rawTokens = median(runs.raw.map((t) => tailTokenCount / t.wallSeconds));
    const speedupWall = median(runs.runner.map((t, i) => runs.naive[i]!.wallSeconds / t.wallSeconds));
    const speedupCpu = median(runs.runner.map((t, i) => runs.naive[i]!.cpuSeconds / t.cpuSeconds));
    const throughputWall = median(runs.runner.map((t, i) => (runs.runnerEvaluated[i]! / t.wallSeconds) / (tailTokenCount / runs.raw[i]!.wallSeconds)));
    const throughputCpu = median(runs.runner.map((t, i) => (runs.runnerEvaluated[i]! / t.cpuSeconds) / (tailTokenCount / runs.raw[i]!.cpuSeconds)));
    const agreement = runnerAnswers.filter((answer, i) => answer === naiveAnswers[i]).length / Math.max(1, runnerAnswers.length);

    const result = {
        benchmark: "eval-prefix",
        date: new Date().toISOString(),
        setup: {
            task: `medqa4 top-token, ${shots}-shot (dev demonstrations, seed ${seed}), first ${itemCount} test items`,
            model: "synthetic small (8 layers, 768 wide, Q8_0, ~106M parameters)",
            threads, sequences, gpu: gpuFlag, reps,
            machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "unknown", loadAverage: os.loadavg(), node: process.version }
        },
        tokens: { fullPrompts: fullTokenCount, runnerEvaluatedMedian: median(runs.runnerEvaluated), tailsExpected: tailTokenCount, meanPromptTokens: fullTokenCount / tokenLists.length },
        runner: { itemsPerSecond: runnerItems, evaluatedTokensPerSecond: runnerTokens, wallSeconds: runs.runner.map((t) => t.wallSeconds), cpuSeconds: runs.runner.map((t) => t.cpuSeconds) },
        naive: { itemsPerSecond: naiveItems, wallSeconds: runs.naive.map((t) => t.wallSeconds), cpuSeconds: runs.naive.map((t) => t.cpuSeconds) },
        raw: { tokensPerSecond: rawTokens, wallSeconds: runs.raw.map((t) => t.wallSeconds), cpuSeconds: runs.raw.map((t) => t.cpuSeconds) },
        ratios: {
            itemsPerSecondVsNaive: { wall: speedupWall, cpu: speedupCpu, target: 3, met: Math.min(speedupWall, speedupCpu) >= 3 },
            evaluatedTokensPerSecondVsRaw: { wall: throughputWall, cpu: throughputCpu, target: 0.9, met: Math.min(throughputWall, throughputCpu) >= 0.9 }
        },
        answersAgreeWithNaive: agreement
    };
    mkdirSync(path.join(root, "bench", "results"), { recursive: true });
    writeFileSync(path.join(root, "bench", "results", "eval-prefix.json"), JSON.stringify(result, null, 2) + "\n");
    console.log(JSON.stringify({ tokens: result.tokens, runner: runnerItems, naive: naiveItems, ratios: result.ratios, agreement }, null, 2));

    await rawContext.dispose();
    await rawModel.dispose();
    await ours.dispose();
}

await main();
