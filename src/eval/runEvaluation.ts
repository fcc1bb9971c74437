import { ContextOverflowError } from "../models/ContextOverflowError.js";
import { UnsupportedCapabilityError, type LanguageModel } from "../models/LanguageModel.js";
import type { Prompt } from "../models/Prompt.js";
import { buildEvalPromptParts, type ExamPromptFormat } from "../prompts/exam/buildEvalPrompt.js";
import type { ExamBenchmark } from "../prompts/exam/examBenchmarks.js";
import { EXAM_PROTOCOLS } from "../prompts/exam/examProtocols.js";
import { UserError } from "../util/errors.js";
import type { BenchmarkItem } from "./datasets/BenchmarkItem.js";
import { loadBenchmark, type LoadedBenchmark } from "./datasets/loadBenchmark.js";
import { paperAnswerType } from "./extract/extractAnswer.js";
import { loadShotPool, parseShotSource, type ShotPool } from "./datasets/loadShotPool.js";
import { requireBenchmark } from "./datasets/requireBenchmark.js";
import { summarizeBenchmark } from "./metrics/summarizeBenchmark.js";
import { createProtocol, requireProtocolName } from "./protocols/createProtocol.js";
import { paperExtractAnswer } from "./protocols/paperExtractAnswer.js";
import { answerLabels, baseRecord, type AnswerExtractor, type PreparedItem, type Protocol, type ProtocolName } from "./protocols/Protocol.js";
import { runInOrder } from "./runInOrder.js";
import { selectShots } from "./shots/selectShots.js";
import { CachedRequests, type RequestCounts } from "./store/CachedRequests.js";
import { fileSha256 } from "./store/fileSha256.js";
import { promptSha256, type ModelIdentity } from "./store/requestKey.js";
import { ResponseCache } from "./store/ResponseCache.js";
import { writeRunDirectory } from "./store/runDirectory.js";
import { RUN_SCHEMA_VERSION, type BenchmarkResult, type ItemRecord, type RunResults } from "./store/RunResults.js";
import { toolVersions } from "./store/toolVersions.js";

/** The paper's multi-seed in-context runs: seeds 1234, 432, 32 (mean over the three). */
export const PAPER_SEEDS: readonly number[] = [1234, 432, 32];

export interface RunEvaluationOptions {
    readonly model: LanguageModel;
    /** Benchmark names (medqa, medqa4, medmcqa, pubmedqa, mmlu-medical, truthfulqa). */
    readonly benchmarks: readonly string[];
    readonly protocol: string;
    /** Directory laid out like the official releases. */
    readonly dataDir: string;
    /** The response cache, or its file path. An opened cache is left open; a path is opened and closed here. */
    readonly cache: ResponseCache | string;
    /** Demonstrations per prompt; default 3 for in-context protocols, 0 for CoT. */
    readonly shots?: number;
    /** Shot source: absent = the benchmark's train split, a file path, or "test-excluding-item". */
    readonly shotsFrom?: string;
    /** Seeds; default 1234, 432, 32. Zero-shot deterministic protocols only use the first. */
    readonly seeds?: readonly number[];
    /** Requests in flight at once; default: the model's parallelism. */
    readonly concurrency?: number;
    /** Evaluate only the first n items of each benchmark (file order). */
    readonly limit?: number;
    /** Write results.json and items.jsonl here. */
    readonly outDir?: string;
    /** Prompt wrapper: raw (pretrained models, default) or chatml (task-finetuned MediTron). */
    readonly format?: ExamPromptFormat;
    /** Trim whitespace around question texts (off: the paper kept MMLU nutrition's trailing newline). */
    readonly trimQuestions?: boolean;
    /** Seed of the TruthfulQA distractor draw (default 1234). */
    readonly truthfulqaSeed?: number;
    /** sc-cot samples (default 5) and temperature (0.8); cot/sc-cot token budget (1024). */
    readonly samples?: number;
    readonly temperature?: number;
    readonly maxTokens?: number;
    /** Known sha256 of the model file (skips hashing). */
    readonly modelSha256?: string;
    /** Answer extraction for generation protocols; default: the paper's `evaluate.py` rules. */
    readonly extract?: AnswerExtractor;
    readonly signal?: AbortSignal;
    /** Called once the work is planned (before the first request). */
    readonly onStart?: (plan: { readonly total: number; readonly benchmarks: readonly { name: string; items: number; seeds: number; shotSource: string }[] }) => void;
    /** Called after each scored item. */
    readonly onProgress?: (progress: { readonly done: number; readonly total: number; readonly requests: RequestCounts }) => void;
}

export interface EvaluationRun {
    readonly results: RunResults;
    readonly items: readonly ItemRecord[];
    /** Where the run was written (when outDir was given). */
    readonly directory?: string;
    readonly requests: RequestCounts;
}

interface BenchmarkPlan {
    readonly loaded: LoadedBenchmark;
    readonly items: readonly BenchmarkItem[];
    readonly pool: ShotPool | null;
    readonly protocol: Protocol;
}

/**
 * Runs a model on benchmarks under one protocol, the library form of `meditron eval run`.
 *
 * Everything that can fail for a user reason fails before the first model request: unknown
 * benchmark or protocol, a capability the model lacks, missing data or shot files. Requests go
 * through the response cache (written as each response arrives), so an aborted run loses
 * nothing and rerunning the same call continues where it stopped.
 *
 * Requests are issued seed by seed in file order, so consecutive prompts share the instruction
 * and demonstration prefix and a local backend reuses its evaluated KV cache for it.
 */
export async function runEvaluation(options: RunEvaluationOptions): Promise<EvaluationRun> {
    const startedAt = new Date();
    const protocolName = requireProtocolName(options.protocol);
    const benchmarkNames = validateBenchmarks(options.benchmarks);
    const shots = options.shots ?? EXAM_PROTOCOLS[protocolName].defaultShots;
    validateInteger("--shots", shots, 0, 64);
    const seedsGiven = options.seeds ?? PAPER_SEEDS;
    if (seedsGiven.length === 0) throw new UserError("no seeds given", { expected: "at least one seed, e.g. --seeds 1234,432,32" });
    for (const seed of seedsGiven) validateInteger("seed", seed, 0, 2 ** 32 - 1);
    // Seeds only choose demonstrations and sampling: a zero-shot deterministic run is the same for every seed.
    const seeds = shots === 0 && protocolName !== "sc-cot" ? [seedsGiven[0]!] : [...new Set(seedsGiven)];
    if (options.limit !== undefined) validateInteger("--limit", options.limit, 1, Number.MAX_SAFE_INTEGER);
    const concurrency = options.concurrency ?? Math.max(1, options.model.capabilities.parallelism);
    validateInteger("--concurrency", concurrency, 1, 1024);

    // Capabilities first: refuse before loading data or sending anything.
    try {
        createProtocol(protocolName).requireCapabilities(options.model);
    } catch (error) {
        if (!(error instanceof UnsupportedCapabilityError)) throw error;
        throw new UserError(`the ${protocolName} protocol cannot run on ${options.model.info.name}: ${error.message}`, {
            expected: `a model with the "${error.capability}" capability`,
            found: `the ${options.model.info.backend} backend without it`,
            fix: "pick another --protocol (paper-generate and cot only need text generation) or a local GGUF model",
            cause: error
        });
    }

    const shotSource = parseShotSource(options.shotsFrom);
    const plans: BenchmarkPlan[] = [];
    for (const name of benchmarkNames) {
        const loadOptions = { dataDir: options.dataDir, ...(options.truthfulqaSeed !== undefined ? { truthfulqaSeed: options.truthfulqaSeed } : {}) };
        const loaded = await loadBenchmark(name, loadOptions);
        const items = options.limit === undefined ? loaded.items : loaded.items.slice(0, options.limit);
        const pool = shots > 0 ? await loadShotPool(name, shotSource, loadOptions) : null;
        const protocol = createProtocol(protocolName, {
            paperMaxTokens: await paperMaxTokens(options.model, items[0], shots),
            cotMaxTokens: options.maxTokens,
            samples: options.samples,
            temperature: options.temperature
        });
        plans.push({ loaded, items, pool, protocol });
    }

    const ownsCache = typeof options.cache === "string";
    const cache = typeof options.cache === "string" ? ResponseCache.open(options.cache) : options.cache;
    try {
        const identity = await modelIdentity(options.model, cache, options.modelSha256);
        const requests = new CachedRequests(options.model, identity, cache);
        const extract = options.extract ?? paperExtractAnswer;
        const prepared = plans.flatMap((plan) => prepareItems(plan, seeds, shots, protocolName, options.format ?? "raw", options.trimQuestions === true));
        options.onStart?.({
            total: prepared.length,
            benchmarks: plans.map((plan) => ({ name: plan.loaded.benchmark, items: plan.items.length, seeds: seeds.length, shotSource: plan.pool?.description ?? "none (zero-shot)" }))
        });

        const protocolOf = new Map(plans.map((plan) => [plan.loaded.benchmark as string, plan.protocol]));
        let done = 0;
        const records = await runInOrder(prepared, concurrency, options.signal, async (item) => {
            const protocol = protocolOf.get(item.item.benchmark)!;
            let record: ItemRecord;
            try {
                record = await protocol.score({ requests, shots, extract, signal: options.signal }, item);
            } catch (error) {
                // The paper's vLLM run ignored over-long prompts (empty output, scored wrong); so do we, and say so.
                // Detected from the failure rather than by tokenizing every prompt up front (a second tokenization of each).
                if (!(error instanceof ContextOverflowError)) throw error;
                record = skippedRecord(item, error.message);
            }
            done += 1;
            options.onProgress?.({ done, total: prepared.length, requests: { ...requests.counts } });
            return record;
        });

        const finishedAt = new Date();
        const benchmarks: BenchmarkResult[] = [];
        for (const plan of plans) {
            const name = plan.loaded.benchmark;
            const files = [...new Set([...plan.loaded.files, ...(plan.pool?.files ?? [])])];
            const hashed = [];
            for (const file of files) hashed.push({ path: file, sha256: await fileSha256(file, cache) });
            const benchmarkRecords = records.filter((r) => r.benchmark === name);
            const skipped = benchmarkRecords.filter((r) => r.skipped !== undefined).length;
            benchmarks.push({
                ...summarizeBenchmark(name, benchmarkRecords),
                files: hashed,
                ...(plan.loaded.missingSubjects.length > 0 ? { missingSubjects: plan.loaded.missingSubjects } : {}),
                notes: [
                    ...plan.protocol.notes(name),
                    ...(skipped > 0
                        ? [`${skipped} prompt(s) (all seeds) do not fit the model's ${options.model.info.contextSize ?? "?"}-token context and count as wrong, as the paper's vLLM run ignored them; use fewer --shots or a larger context to avoid this.`]
                        : [])
                ]
            });
        }
        const wallSeconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
        const results: RunResults = {
            schemaVersion: RUN_SCHEMA_VERSION,
            model: {
                backend: options.model.info.backend,
                name: options.model.info.name,
                source: options.model.info.source,
                ...(identity.sha256 !== undefined ? { sha256: identity.sha256 } : {}),
                ...(options.model.info.details !== undefined ? { details: options.model.info.details } : {})
            },
            protocol: protocolName,
            seeds,
            settings: {
                shots,
                shotsFrom: options.shotsFrom ?? "train",
                seeds,
                limit: options.limit ?? null,
                concurrency,
                format: options.format ?? "raw",
                trimQuestions: options.trimQuestions === true,
                truthfulqaSeed: options.truthfulqaSeed ?? null,
                dataDir: options.dataDir,
                decoding: plans[0]?.protocol.settings ?? {},
                ...(protocolName === "paper-generate"
                    ? { paperMaxTokens: Object.fromEntries(plans.map((p) => [p.loaded.benchmark, p.protocol.settings.maxTokens])) }
                    : {})
            },
            benchmarks,
            timings: {
                startedAt: startedAt.toISOString(),
                finishedAt: finishedAt.toISOString(),
                wallSeconds,
                itemsPerSecond: wallSeconds > 0 ? records.length / wallSeconds : 0,
                requests: { ...requests.counts }
            },
            versions: toolVersions()
        };
        if (options.outDir !== undefined) await writeRunDirectory(options.outDir, results, records);
        return { results, items: records, requests: { ...requests.counts }, ...(options.outDir !== undefined ? { directory: options.outDir } : {}) };
    } finally {
        if (ownsCache) cache.close();
    }
}

/**
 * Every (seed, item) of one benchmark with its exact prompt, seed-major in file order. With a
 * fixed pool the k demonstrations are the same for every item of a seed (selected once);
 * `test-excluding-item` selects per item.
 */
function prepareItems(plan: BenchmarkPlan, seeds: readonly number[], shots: number, protocol: ProtocolName, format: ExamPromptFormat, trimQuestions: boolean): PreparedItem[] {
    const benchmark = plan.loaded.benchmark as ExamBenchmark;
    const cot = EXAM_PROTOCOLS[protocol].cot;
    const prepared: PreparedItem[] = [];
    for (const seed of seeds) {
        const pool = plan.pool;
        const sharedShots = pool !== null && !pool.excludeCurrentItem ? selectShots({ pool: pool.items, k: shots, seed }) : [];
        for (const item of plan.items) {
            const demos =
                pool === null ? [] : pool.excludeCurrentItem ? selectShots({ pool: pool.items, k: shots, seed, exclude: (row) => row.id === item.id }) : sharedShots;
            const prompt: Prompt = buildEvalPromptParts({ benchmark, item, shots: demos, cot, format, trimQuestions });
            const { labels, answerKind } = answerLabels(item);
            prepared.push({ item, seed, prompt, promptSha256: promptSha256(prompt), labels, answerKind, booleanScoring: paperAnswerType(benchmark) === "boolean" });
        }
    }
    return prepared;
}

function skippedRecord(prepared: PreparedItem, reason: string): ItemRecord {
    return { ...baseRecord(prepared), raw: null, extracted: null, correct: false, valid: false, skipped: reason };
}

/**
 * The paper's generation length in its "top-token" mode: the token count of the gold answer of
 * the batch's first row (no special tokens), plus 8 with shots. Backends without a tokenizer
 * get 1 (every gold label, "A" or "yes", is one Llama token).
 */
async function paperMaxTokens(model: LanguageModel, first: BenchmarkItem | undefined, shots: number): Promise<number> {
    let goldTokens = 1;
    if (first !== undefined && model.capabilities.tokenize) goldTokens = Math.max(1, (await model.tokenize(first.gold)).length);
    return goldTokens + (shots > 0 ? 8 : 0);
}

async function modelIdentity(model: LanguageModel, cache: ResponseCache, knownSha256?: string): Promise<ModelIdentity> {
    const { backend, name, source } = model.info;
    let sha256 = knownSha256 ?? model.info.sha256;
    if (sha256 === undefined && backend === "llama-cpp") {
        try {
            sha256 = await fileSha256(source, cache);
        } catch {
            sha256 = undefined;
        }
    }
    return sha256 !== undefined ? { backend, name, sha256, source } : { backend, name, source };
}

function validateBenchmarks(names: readonly string[]): string[] {
    if (names.length === 0) throw new UserError("no benchmark given", { expected: "--bench B[,B...]", fix: "run `meditron eval datasets` to list them" });
    return [...new Set(names.map((name) => requireBenchmark(name).name))];
}

function validateInteger(what: string, value: number, min: number, max: number): void {
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new UserError(`invalid ${what}`, { expected: `an integer from ${min} to ${max}`, found: String(value) });
    }
}
