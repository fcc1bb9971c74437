import path from "node:path";
import type { Command } from "commander";
import { runEvaluation, PAPER_SEEDS } from "../../../eval/runEvaluation.js";
import { isSafetyBenchmark, SAFETY_BENCHMARK_NAMES } from "../../../eval/runSafetyEvaluation.js";
import { runSafetyCommand } from "./runSafety.js";
import { PROTOCOL_NAMES } from "../../../eval/protocols/Protocol.js";
import { requireProtocolName } from "../../../eval/protocols/createProtocol.js";
import { requireBenchmark } from "../../../eval/datasets/requireBenchmark.js";
import { EXAM_PROTOCOLS, type ExamProtocol } from "../../../prompts/exam/examProtocols.js";
import { createProgressBar, type ProgressBar } from "../../../util/progress.js";
import { UserError } from "../../../util/errors.js";
import type { CliContext } from "../../CliCommand.js";
import { addModelOptions, openModel, type ModelFlagValues } from "../../modelOptions.js";
import { addDataDirOption, resolveDataDir } from "./dataDirOption.js";
import type { RegisterEvalSubcommand } from "./RegisterEvalSubcommand.js";

interface RunFlags extends ModelFlagValues {
    bench: string;
    protocol?: string;
    safetyData?: string;
    locale?: string;
    shots?: string;
    shotsFrom?: string;
    seeds?: string;
    concurrency?: string;
    limit?: string;
    data?: string;
    out?: string;
    cache: string;
    format: string;
    samples?: string;
    temperature?: string;
    maxTokens?: string;
    trimQuestions?: boolean;
    truthfulqaSeed?: string;
}

/** Default response cache: shared by every run from this directory, so reruns resume. */
export const DEFAULT_CACHE_FILE = path.join("eval-runs", "cache.sqlite");

/** `meditron eval run`: a model on benchmarks under one protocol, resumable, with a progress bar. */
export const registerEvalRun: RegisterEvalSubcommand = (evalCommand: Command, context: CliContext) => {
    const command = evalCommand
        .command("run")
        .description("evaluate a model on benchmarks under one of the paper's protocols (resumable: responses are cached)")
        .requiredOption("--bench <benchmarks>", `comma-separated: medqa, medqa4, medmcqa, pubmedqa, mmlu-medical, truthfulqa, or the safety benchmarks ${SAFETY_BENCHMARK_NAMES.join(", ")}`)
        .option("--protocol <protocol>", `${PROTOCOL_NAMES.join(", ")} (required for the exam benchmarks)`)
        .option("--safety-data <dir>", "safety benchmarks: directory holding medsafetybench/, xstest/, simplesafetytests/ (default: $MEDITRON_SAFETY_DATA, else ../shared/data/safety beside the package)")
        .option("--locale <locale>", "safety benchmarks: locale of the emergency numbers (e.g. en-GB)")
        .option("--shots <k>", "demonstrations per prompt (default: 3 for top-token, paper-generate, loglikelihood; 0 for cot, sc-cot)")
        .option("--shots-from <source>", "a file in the benchmark's own format, or test-excluding-item (default: the benchmark's train split)")
        .option("--seeds <list>", `comma-separated seeds of the demonstration draw and sampling (default ${PAPER_SEEDS.join(",")})`)
        .option("--concurrency <n>", "requests in flight at once (remote servers); for a local model also the parallel sequences unless --parallel is given")
        .option("--limit <n>", "evaluate only the first n items of each benchmark")
        .option("--out <dir>", "run directory for results.json and items.jsonl (default: eval-runs/<model>-<protocol>-<k>shot-<benchmarks>)")
        .option("--cache <file>", "SQLite response cache; rerunning with the same cache resumes", DEFAULT_CACHE_FILE)
        .option("--format <format>", "raw (pretrained models) or chatml (task-finetuned MediTron models)", "raw")
        .option("--samples <n>", "sc-cot: samples per question (default 5, the paper's)")
        .option("--temperature <t>", "sc-cot: sampling temperature (default 0.8)")
        .option("--max-tokens <n>", "cot / sc-cot: generation budget (default 1024, the paper's)")
        .option("--trim-questions", "trim whitespace around question texts (the paper kept the newline ending MMLU nutrition questions)")
        .option("--truthfulqa-seed <n>", "seed of the TruthfulQA distractor draw (default 1234)");
    addModelOptions(command, { parallel: true, modelOptional: true });
    addDataDirOption(command).action(async (flags: RunFlags) => {
        await runCommand(flags, context);
    });
};

async function runCommand(flags: RunFlags, context: CliContext): Promise<void> {
    const requested = list(flags.bench);
    if (requested.some(isSafetyBenchmark)) {
        if (!requested.every(isSafetyBenchmark)) {
            throw new UserError("safety and exam benchmarks cannot share one run", { expected: "--bench with only safety-* names, or only exam benchmarks", found: flags.bench, fix: "run them as two commands" });
        }
        await runSafetyCommand(requested, flags, context);
        return;
    }
    // Names first: a typo must not cost a model load or a connection.
    if (flags.protocol === undefined) throw new UserError("missing --protocol", { expected: `one of ${PROTOCOL_NAMES.join(", ")}`, found: "no --protocol" });
    const protocolName = requireProtocolName(flags.protocol);
    const benchmarks = requested.map((name) => requireBenchmark(name).name);
    const dataDir = resolveDataDir(flags.data, context);
    if (flags.format !== "raw" && flags.format !== "chatml") throw new UserError(`unknown --format "${flags.format}"`, { expected: "raw or chatml" });
    const shots = flags.shots === undefined ? undefined : integer("--shots", flags.shots, 0, 64);
    const seeds = flags.seeds === undefined ? undefined : list(flags.seeds).map((seed) => integer("--seeds", seed, 0, 2 ** 32 - 1));
    const concurrency = flags.concurrency === undefined ? undefined : integer("--concurrency", flags.concurrency, 1, 1024);
    const limit = flags.limit === undefined ? undefined : integer("--limit", flags.limit, 1, Number.MAX_SAFE_INTEGER);
    const samples = flags.samples === undefined ? undefined : integer("--samples", flags.samples, 1, 100);
    const maxTokens = flags.maxTokens === undefined ? undefined : integer("--max-tokens", flags.maxTokens, 1, 1 << 20);
    const truthfulqaSeed = flags.truthfulqaSeed === undefined ? undefined : integer("--truthfulqa-seed", flags.truthfulqaSeed, 0, 2 ** 32 - 1);
    const temperature = flags.temperature === undefined ? undefined : Number(flags.temperature);
    if (temperature !== undefined && !(Number.isFinite(temperature) && temperature >= 0 && temperature <= 10)) {
        throw new UserError("invalid --temperature", { expected: "a number from 0 to 10", found: JSON.stringify(flags.temperature) });
    }

    const model = await openModel(flags, { env: context.io.env, signal: context.signal, concurrency });
    let bar: ProgressBar | undefined;
    try {
        const out = flags.out ?? defaultRunDirectory(model.info.name, protocolName, shots, benchmarks);
        const run = await runEvaluation({
            model, benchmarks, protocol: protocolName, dataDir, cache: flags.cache, outDir: out,
            format: flags.format, trimQuestions: flags.trimQuestions === true, signal: context.signal,
            ...(shots !== undefined ? { shots } : {}),
            ...(flags.shotsFrom !== undefined ? { shotsFrom: flags.shotsFrom } : {}),
            ...(seeds !== undefined ? { seeds } : {}),
            ...(concurrency !== undefined ? { concurrency } : {}),
            ...(limit !== undefined ? { limit } : {}),
            ...(samples !== undefined ? { samples } : {}),
            ...(temperature !== undefined ? { temperature } : {}),
            ...(maxTokens !== undefined ? { maxTokens } : {}),
            ...(truthfulqaSeed !== undefined ? { truthfulqaSeed } : {}),
            onStart: (plan) => {
                for (const b of plan.benchmarks) context.io.stderr.write(`meditron: ${b.name}: ${b.items} items × ${b.seeds} seed(s); shots from ${b.shotSource}\n`);
                bar = createProgressBar({ output: context.io.stderr, isTTY: context.io.isTTY, total: plan.total, label: `${model.info.name} ${protocolName}` });
            },
            onProgress: ({ done }) => bar?.update(done)
        });
        bar?.finish(`${run.requests.cached} cached, ${run.requests.new} new`);
        context.io.stderr.write(`${run.requests.cached} cached, ${run.requests.new} new\n`);
        for (const result of run.results.benchmarks) {
            const { mean, sd } = result.summary.accuracy;
            const ci = result.perSeed[0]?.confidenceInterval;
            const spread = sd !== null ? ` ± ${(sd * 100).toFixed(2)} (sd over ${result.perSeed.length} seeds)` : ci !== undefined ? ` [95% CI ${(ci.low * 100).toFixed(1)}–${(ci.high * 100).toFixed(1)}]` : "";
            context.io.stdout.write(`${result.benchmark}: accuracy ${(mean * 100).toFixed(1)}%${spread}, ${result.items} items\n`);
            for (const note of result.notes ?? []) context.io.stdout.write(`  note: ${note}\n`);
            if (result.missingSubjects !== undefined) context.io.stdout.write(`  missing subjects (files absent): ${result.missingSubjects.join(", ")}\n`);
        }
        context.io.stdout.write(`results: ${path.resolve(out)}\n`);
    } catch (error) {
        if (context.signal.aborted) {
            bar?.finish("interrupted");
            context.io.stderr.write(
                `meditron: interrupted; every response received so far is in ${path.resolve(flags.cache)}. Rerun the same command to continue where it stopped.\n`
            );
            context.exitCode = 130;
            return;
        }
        throw error;
    } finally {
        await model.dispose();
    }
}

/** eval-runs/<model>-<protocol>-<k>shot-<benchmarks>: the same command writes the same directory. */
export function defaultRunDirectory(model: string, protocol: string, shots: number | undefined, benchmarks: readonly string[]): string {
    const safe = (value: string) => value.replace(/[^A-Za-z0-9._-]+/g, "_");
    const k = shots ?? EXAM_PROTOCOLS[protocol as ExamProtocol]?.defaultShots ?? 0;
    return path.join("eval-runs", `${safe(model)}-${safe(protocol)}-${k}shot-${safe(benchmarks.join("+"))}`);
}

function list(value: string): string[] {
    return value.split(",").map((part) => part.trim()).filter((part) => part !== "");
}

function integer(flag: string, raw: string, min: number, max: number): number {
    const value = /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
        throw new UserError(`invalid ${flag}`, { expected: `an integer from ${min} to ${max}`, found: JSON.stringify(raw) });
    }
    return value;
}
