import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, appendFile, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../../util/errors.js";
import type { CorpusConfig } from "../config/CorpusConfig.js";
import { DEDUP_DB_NAME, openDedupStore } from "../dedup/openDedupStore.js";
import { seededUniform } from "../dedup/hashing.js";
import { atomicWriteFile } from "../../util/atomicWrite.js";
import type { GzipProblem } from "../io/readTextChunks.js";
import { IndexedDatasetWriter, type DatasetPosition } from "../megatron/IndexedDatasetWriter.js";
import { readShardRecords, withMetadata } from "./readShardRecords.js";
import { openS2orcMetadataIndex, type S2orcMetadataLookup } from "../sources/S2orcMetadataIndex.js";
import type { BadInput, RemovalReason } from "../types.js";
import { emptySourceStats, MAX_REPORTED_BAD_INPUTS, recordTokenization, renderStatsMarkdown, type CorpusStatsReport } from "./CorpusStats.js";
import { planShards, type Shard } from "./planShards.js";
import { computeReplayThreshold } from "./replaySampling.js";
import { WorkerPool } from "./WorkerPool.js";
import type { ProcessedDocument, WorkBatch, WorkerInit, WorkItem, WorkResult } from "./workerProtocol.js";

export interface BuildCorpusOptions {
    /** GGUF file with MediTron's vocabulary (only the vocabulary is loaded). */
    readonly tokenizerModel: string;
    /** Stop at the first bad input instead of counting and skipping it. */
    readonly strict?: boolean;
    /** Ignore an existing checkpoint and start over. */
    readonly fresh?: boolean;
    readonly signal?: AbortSignal;
    /** Progress callback after each shard. */
    readonly onShard?: (done: number, total: number, shard: Shard) => void;
    /** Test hook: stop (as if the process died) after this many shards of this run. */
    readonly stopAfterShards?: number;
}

export interface BuildCorpusResult {
    readonly outputDir: string;
    readonly report: CorpusStatsReport;
    readonly resumedFromShard: number;
    readonly files: { readonly trainPrefix: string; readonly validationPrefix: string; readonly stats: string; readonly statsMarkdown: string };
}

interface Checkpoint {
    version: 1;
    configHash: string;
    completedShards: number;
    train: DatasetPosition;
    validation: DatasetPosition;
    report: CorpusStatsReport;
    replayThreshold?: number;
    elapsedSeconds: number;
    inputBytes: number;
}

const BATCH_CHARS = 1 << 19;
const BATCH_ITEMS = 256;


/** SQLite files of the S2ORC metadata join, one per source, in the work folder (deleted when the build completes). */
const S2ORC_METADATA_DB_PREFIX = "s2orc-metadata-";
/** The dataset prefixes Megatron-LLM's `--data_path` points at. */
export function datasetPrefixes(config: CorpusConfig): { train: string; validation: string } {
    return {
        train: path.join(config.output.dir, `${config.output.prefix}-train_text_document`),
        validation: path.join(config.output.dir, `${config.output.prefix}-validation_text_document`)
    };
}

function configHash(config: CorpusConfig, tokenizerModel: string): string {
    // Settings that do not change the output stay out of the hash, so a build can resume with other values
    // (and builds checkpointed before `dedup.store`/`dedup.memoryMB` existed keep their hash).
    const { workers: _w, ...rest } = config;
    const { store: _s, memoryMB: _m, ...dedup } = config.dedup;
    return createHash("sha256").update(JSON.stringify({ rest: { ...rest, dedup }, tokenizer: path.basename(tokenizerModel) })).digest("hex");
}

/**
 * Builds the GAP-Replay corpus described by `config`: streams every source, cleans, filters, deduplicates,
 * mixes, splits, tokenizes with MediTron's tokenizer, and writes Megatron mmap datasets, JSONL shards and
 * the stats report. Work is checkpointed after every shard; rerunning resumes after the last completed one.
 */
export async function buildCorpus(config: CorpusConfig, options: BuildCorpusOptions): Promise<BuildCorpusResult> {
    const started = performance.now();
    const outDir = config.output.dir;
    const workDir = path.join(outDir, ".work");
    const jsonlDir = path.join(outDir, "jsonl");
    const checkpointPath = path.join(workDir, "checkpoint.json");
    const prefixes = datasetPrefixes(config);
    const statsPath = path.join(outDir, "stats.json");
    const statsMdPath = path.join(outDir, "stats.md");
    const hash = configHash(config, options.tokenizerModel);
    if (options.fresh === true) await rm(workDir, { recursive: true, force: true });
    await mkdir(workDir, { recursive: true });
    if (config.output.jsonl) await mkdir(jsonlDir, { recursive: true });

    let checkpoint: Checkpoint | undefined;
    if (existsSync(checkpointPath)) {
        checkpoint = JSON.parse(await readFile(checkpointPath, "utf8")) as Checkpoint;
        if (checkpoint.configHash !== hash) {
            throw new UserError(`output folder ${outDir} holds a build of a different config`, {
                expected: "the same config (and tokenizer) as the interrupted build, to resume it",
                found: "a checkpoint with another config hash",
                fix: "use a new output.dir, or pass --fresh to discard the old build"
            });
        }
    }
    const shards = await planShards(config);
    const report: CorpusStatsReport = checkpoint?.report ?? {
        version: 1, seed: config.seed, tokenizer: path.basename(options.tokenizerModel),
        mixing: config.mixing.mode === "meditron" ? `meditron (all sources once, replay ${(config.mixing.replayTokenFraction * 100).toFixed(2)}% of train tokens)` : "weights (per-source upsampling)",
        completed: false,
        sources: config.sources.map((s) => emptySourceStats(s.name, s.kind)),
        badInputs: { total: 0, byKind: {}, first: [] },
        pubmedDeleteCitations: 0
    };
    const startShard = checkpoint?.completedShards ?? 0;
    if (checkpoint !== undefined && checkpoint.report.completed && existsSync(`${prefixes.train}.idx`)) {
        return { outputDir: outDir, report: checkpoint.report, resumedFromShard: startShard, files: { trainPrefix: prefixes.train, validationPrefix: prefixes.validation, stats: statsPath, statsMarkdown: statsMdPath } };
    }

    const nd = config.dedup.nearDuplicates;
    // Restored to exactly its state after the checkpointed shards (disk: later shards' rows deleted; memory: journals replayed).
    const dedup = openDedupStore(config.dedup, workDir, startShard);
    const train = new IndexedDatasetWriter(path.join(workDir, "train"), checkpoint?.train);
    const validation = new IndexedDatasetWriter(path.join(workDir, "validation"), checkpoint?.validation);
    let replayThreshold = checkpoint?.replayThreshold;
    let inputBytes = checkpoint?.inputBytes ?? 0;
    const elapsedBefore = checkpoint?.elapsedSeconds ?? 0;

    const init: WorkerInit = {
        tokenizerModel: options.tokenizerModel,
        sources: config.sources.map((s) => ({ name: s.name, kind: s.kind, parser: s.type, recipe: s.recipe, textField: s.textField, english: s.filters.english, minChars: s.filters.minChars, maxChars: s.filters.maxChars })),
        minhash: nd.enabled ? { shingleSize: nd.shingleSize, bands: nd.bands, rowsPerBand: nd.rowsPerBand, seed: config.seed } : null,
        returnText: config.output.jsonl
    };
    const pool = new WorkerPool(config.workers, init);
    // The S2ORC metadata join of the source being built (on disk: one row per paper would not fit in memory at scale).
    let metadataIndex: { sourceIndex: number; lookup: S2orcMetadataLookup } | undefined;

    const recordBadInput = (bad: BadInput): void => {
        if (options.strict === true) {
            throw new UserError(`bad input in ${bad.file} at ${bad.position} (--strict)`, { found: `${bad.kind}: ${bad.message}`, fix: "fix or remove the input, or run without --strict to count and skip bad records" });
        }
        report.badInputs.total++;
        report.badInputs.byKind[bad.kind] = (report.badInputs.byKind[bad.kind] ?? 0) + 1;
        if (report.badInputs.first.length < MAX_REPORTED_BAD_INPUTS) report.badInputs.first.push(bad);
    };

    let completedThisRun = 0;
    try {
        for (const shard of shards.slice(startShard)) {
            if (isAborted(options.signal)) throw new UserError("corpus build interrupted; rerun the same command to resume from the last completed shard");
            if (options.stopAfterShards !== undefined && completedThisRun >= options.stopAfterShards) {
                return { outputDir: outDir, report, resumedFromShard: startShard, files: { trainPrefix: prefixes.train, validationPrefix: prefixes.validation, stats: statsPath, statsMarkdown: statsMdPath } };
            }
            const source = config.sources[shard.sourceIndex]!;
            const stats = report.sources[shard.sourceIndex]!;
            if (source.kind === "replay" && config.mixing.mode === "meditron" && replayThreshold === undefined) {
                replayThreshold = await computeReplayThreshold(config, shards, report, (p) => recordBadInput({ kind: "gzip", file: p.file, position: `compressed byte ${p.compressedOffset}`, message: p.message }));
            }
            // Shards come source by source: a finished source's metadata index is never needed again.
            if (metadataIndex !== undefined && metadataIndex.sourceIndex !== shard.sourceIndex) {
                metadataIndex.lookup.close();
                metadataIndex = undefined;
            }
            if (source.type === "s2orc-json" && source.metadata.length > 0 && metadataIndex === undefined) {
                metadataIndex = { sourceIndex: shard.sourceIndex, lookup: await openS2orcMetadataIndex(source.metadata, path.join(workDir, `${S2ORC_METADATA_DB_PREFIX}${shard.sourceIndex}.sqlite`)) };
            }
            const metadata = metadataIndex?.lookup;
            const jsonlName = `${String(shard.index).padStart(6, "0")}-${source.name}.jsonl`;
            const jsonlTmp = path.join(workDir, `${jsonlName}.partial`);
            if (config.output.jsonl) await writeFile(jsonlTmp, "");
            let jsonlBuffer = "";

            const handleDocument = (doc: ProcessedDocument): void => {
                stats.records++;
                let reason: RemovalReason | undefined = doc.removed;
                if (reason === undefined && config.dedup.exact && dedup.hasExact(doc.exactHi!, doc.exactLo!)) reason = "exactDuplicate";
                if (reason === undefined && source.kind === "abstracts" && config.dedup.abstractsVsFullText && dedup.hasFullText(doc.pmid, doc.pmcid)) reason = "abstractHasFullText";
                if (reason === undefined && source.kind === "abstracts" && doc.pmid !== undefined && dedup.seenAbstract(doc.pmid)) reason = "duplicateId";
                if (source.kind === "papers" && (reason === undefined || reason === "exactDuplicate")) dedup.addFullText(doc.pmid, doc.pmcid);
                if (reason === undefined && doc.bands !== undefined && dedup.isNearDuplicate(doc.bands, doc.signature!)) reason = "nearDuplicate";
                if (reason !== undefined) {
                    stats.removed[reason]++;
                    return;
                }
                if (config.dedup.exact) dedup.addExact(doc.exactHi!, doc.exactLo!);
                const tokens = doc.tokens!;
                const isValidation = source.validationFraction > 0 && seededUniform(config.seed, "split", `${source.name}\u0000${doc.id}`) < source.validationFraction;
                let copies = 1;
                if (!isValidation && config.mixing.mode === "weights") {
                    const whole = Math.floor(source.weight);
                    copies = whole + (seededUniform(config.seed, "weight", `${source.name}\u0000${doc.id}`) < source.weight - whole ? 1 : 0);
                }
                if (copies === 0) {
                    // weight < 1 drew no copy of this train document.
                    stats.removed.downsampled++;
                    return;
                }
                const writer = isValidation ? validation : train;
                const split = isValidation ? stats.validation : stats.train;
                for (let c = 0; c < copies; c++) writer.append(tokens);
                split.documents += copies;
                split.tokens += tokens.length * copies;
                split.chars += doc.chars * copies;
                stats.upsampledCopies += copies - 1;
                if (config.output.jsonl) {
                    jsonlBuffer += `${JSON.stringify({ id: doc.id, source: source.name, subset: source.kind, split: isValidation ? "validation" : "train", copies, text: doc.text })}\n`;
                }
            };
            const handleResult = async (result: WorkResult): Promise<void> => {
                for (const bad of result.badInputs) {
                    stats.records++;
                    stats.badInputs++;
                    recordBadInput(bad);
                }
                stats.records += result.withoutText;
                stats.withoutText += result.withoutText;
                if (result.tokenization !== undefined) recordTokenization(report, result.tokenization);
                for (const doc of result.documents) handleDocument(doc);
                if (config.output.jsonl && jsonlBuffer.length > 0) {
                    await appendFile(jsonlTmp, jsonlBuffer);
                    jsonlBuffer = "";
                }
            };

            // Submit batches in order, keep a bounded number in flight, consume results in submission order.
            const inFlight: Promise<WorkResult>[] = [];
            const maxInFlight = config.workers * 3;
            let items: WorkItem[] = [];
            let chars = 0;
            const submit = async (): Promise<void> => {
                if (items.length === 0) return;
                const batch: WorkBatch = { sourceIndex: shard.sourceIndex, items };
                items = [];
                chars = 0;
                inFlight.push(pool.run(batch));
                while (inFlight.length >= maxInFlight) await handleResult(await inFlight.shift()!);
            };
            const sampleReplay = source.kind === "replay" && config.mixing.mode === "meditron" && replayThreshold !== undefined;
            const onGzip = (p: GzipProblem): void => recordBadInput({ kind: "gzip", file: p.file, position: `compressed byte ${p.compressedOffset}`, message: p.message });
            for (const file of shard.files) {
                inputBytes += (await stat(file)).size;
                for await (const rec of readShardRecords(source, file, onGzip, options.strict === true, (pmids) => { report.pubmedDeleteCitations += pmids.length; })) {
                    if (isAborted(options.signal)) throw new UserError("corpus build interrupted; rerun the same command to resume from the last completed shard");
                    // Replay not drawn into the sample is skipped before any work is spent on it.
                    if (sampleReplay && seededUniform(config.seed, "replay", `${path.basename(file)}:${rec.record}`) > replayThreshold!) {
                        stats.records++;
                        stats.removed.replayNotSampled++;
                        continue;
                    }
                    const item: WorkItem = source.type === "s2orc-json" ? withMetadata(rec, file, metadata) : { file, record: rec.record, text: rec.text };
                    items.push(item);
                    chars += rec.text.length;
                    if (chars >= BATCH_CHARS || items.length >= BATCH_ITEMS) await submit();
                }
                if (source.type === "guidelines-folder" || source.type === "pmc-jats") await submit();
            }
            await submit();
            while (inFlight.length > 0) await handleResult(await inFlight.shift()!);

            // Shard complete: make outputs durable, then record the checkpoint (atomically).
            train.sync();
            validation.sync();
            await dedup.completeShard(shard.index);
            if (config.output.jsonl) await rename(jsonlTmp, path.join(jsonlDir, jsonlName));
            const next: Checkpoint = {
                version: 1, configHash: hash, completedShards: shard.index + 1, train: train.position, validation: validation.position, report,
                replayThreshold, elapsedSeconds: elapsedBefore + (performance.now() - started) / 1000, inputBytes
            };
            await atomicWriteFile(checkpointPath, JSON.stringify(next));
            completedThisRun++;
            options.onShard?.(shard.index + 1, shards.length, shard);
        }
    } finally {
        await pool.close();
        dedup.close();
        metadataIndex?.lookup.close();
    }

    train.finish(prefixes.train);
    validation.finish(prefixes.validation);
    const seconds = elapsedBefore + (performance.now() - started) / 1000;
    const totalTokens = report.sources.reduce((s, x) => s + x.train.tokens + x.validation.tokens, 0);
    const trainTokens = report.sources.reduce((s, x) => s + x.train.tokens, 0);
    const replayTokens = report.sources.filter((s) => s.kind === "replay").reduce((s, x) => s + x.train.tokens, 0);
    if (config.mixing.mode === "meditron" && config.sources.some((s) => s.kind === "replay")) {
        report.replay = { targetFraction: config.mixing.replayTokenFraction, sampleThreshold: replayThreshold ?? 1, achievedFraction: trainTokens === 0 ? 0 : replayTokens / trainTokens };
    }
    report.timing = { seconds, inputBytes, megabytesPerSecond: inputBytes / 1e6 / seconds, tokensPerSecond: totalTokens / seconds };
    report.completed = true;
    await atomicWriteFile(statsPath, `${JSON.stringify(report, null, 2)}\n`);
    await atomicWriteFile(statsMdPath, renderStatsMarkdown(report));
    await atomicWriteFile(checkpointPath, JSON.stringify({
        version: 1, configHash: hash, completedShards: shards.length, train: train.position, validation: validation.position, report, replayThreshold, elapsedSeconds: seconds, inputBytes
    } satisfies Checkpoint));
    // Work files no longer needed once the datasets are in place; keep the checkpoint so a rerun is a no-op.
    // The dedup database (~0.5 KB per kept document) is only resume state: a rerun of a completed build does not open it.
    for (const name of ["train.sizes.partial", "validation.sizes.partial", DEDUP_DB_NAME, `${DEDUP_DB_NAME}-wal`]) await rm(path.join(workDir, name), { force: true });
    for (const name of await readdir(workDir)) if (name.startsWith(S2ORC_METADATA_DB_PREFIX)) await rm(path.join(workDir, name), { force: true });
    return { outputDir: outDir, report, resumedFromShard: startShard, files: { trainPrefix: prefixes.train, validationPrefix: prefixes.validation, stats: statsPath, statsMarkdown: statsMdPath } };
}

/** A function (not an inline check) so TypeScript does not narrow `aborted` across awaits. */
function isAborted(signal: AbortSignal | undefined): boolean {
    return signal?.aborted === true;
}
