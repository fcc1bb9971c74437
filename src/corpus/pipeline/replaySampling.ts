import path from "node:path";
import type { CorpusConfig } from "../config/CorpusConfig.js";
import { seededUniform } from "../dedup/hashing.js";
import { readLines } from "../io/readRecords.js";
import type { GzipProblem } from "../io/readTextChunks.js";
import type { CorpusStatsReport } from "./CorpusStats.js";
import type { Shard } from "./planShards.js";

/** Key buckets of the first pass: 2^16 x 8 bytes, the pass's only memory. */
const BUCKETS = 1 << 16;

/** One replay record for sampling: its seeded uniform key and its length in characters. */
export interface ReplayRecordKey {
    readonly key: number;
    readonly chars: number;
}

/**
 * MediTron's default mixture keeps every medical document once and adds replay text worth a fixed share of
 * the train tokens (1%: 420M of 46.7B in the paper). Each replay record gets a seeded uniform key; records are
 * taken in key order until their estimated tokens (characters x the medical data's measured tokens per
 * character) reach `f / (1 - f)` x the medical train tokens. Returns the key threshold: a record is sampled
 * iff its key <= threshold. Reads the replay inputs twice (JSON only, no tokenization) with memory bounded
 * whatever their size: see `replayThresholdFromRecords`.
 */
export async function computeReplayThreshold(config: CorpusConfig, shards: readonly Shard[], report: CorpusStatsReport, onGzip: (p: GzipProblem) => void): Promise<number> {
    if (config.mixing.mode !== "meditron") return 1;
    const fraction = config.mixing.replayTokenFraction;
    const medical = report.sources.filter((s) => s.kind !== "replay");
    const medicalTokens = medical.reduce((s, x) => s + x.train.tokens, 0);
    const medicalChars = medical.reduce((s, x) => s + x.train.chars, 0);
    const tokensPerChar = medicalChars === 0 ? 0.25 : medicalTokens / medicalChars;
    const target = (fraction / (1 - fraction)) * medicalTokens;
    let reportGzip = true;
    async function* records(): AsyncGenerator<ReplayRecordKey> {
        for (const shard of shards) {
            const source = config.sources[shard.sourceIndex]!;
            if (source.kind !== "replay") continue;
            for (const file of shard.files) {
                // Gzip problems are reported by the first pass only (the second reads the same bytes).
                for await (const rec of readLines(file, (p) => { if (reportGzip) onGzip(p); }, false)) {
                    let chars = 0;
                    try {
                        const value = JSON.parse(rec.text) as Record<string, unknown>;
                        const text = value[source.textField] ?? value.content;
                        chars = typeof text === "string" ? text.length : 0;
                    } catch {
                        continue;
                    }
                    yield { key: seededUniform(config.seed, "replay", `${path.basename(file)}:${rec.record}`), chars };
                }
            }
        }
        reportGzip = false;
    }
    return replayThresholdFromRecords(records, target, tokensPerChar);
}

/**
 * The threshold key for `target` tokens, reading `records()` twice instead of holding and sorting every
 * record (16+ bytes per replay record): pass 1 sums characters per key bucket (keys are uniform in [0, 1))
 * and finds the bucket where the running total reaches the target; pass 2 keeps and sorts only that
 * bucket's records (~n / 65,536). Characters are summed exactly (integers), tokens = characters x
 * `tokensPerChar`. Returns the key of the record whose inclusion reaches the target; 1 if only all records
 * together reach it or they stay below it; -1 if the target is 0 (no replay).
 */
export async function replayThresholdFromRecords(records: () => AsyncIterable<ReplayRecordKey>, target: number, tokensPerChar: number): Promise<number> {
    const bucketChars = new Float64Array(BUCKETS);
    const bucketCounts = new Uint32Array(BUCKETS);
    let count = 0;
    for await (const r of records()) {
        const b = bucketOf(r.key);
        bucketChars[b] = bucketChars[b]! + r.chars;
        bucketCounts[b] = bucketCounts[b]! + 1;
        count++;
    }
    if (count === 0) return 1;
    if (target <= 0) return -1;
    let before = 0;
    let bucket = 0;
    for (; bucket < BUCKETS; bucket++) {
        if ((before + bucketChars[bucket]!) * tokensPerChar >= target) break;
        before += bucketChars[bucket]!;
    }
    if (bucket === BUCKETS) return 1;
    const inBucket: ReplayRecordKey[] = [];
    for await (const r of records()) if (bucketOf(r.key) === bucket) inBucket.push(r);
    inBucket.sort((a, b) => a.key - b.key);
    let chars = before;
    const laterBuckets = bucketCounts.subarray(bucket + 1).some((n) => n > 0);
    for (let i = 0; i < inBucket.length; i++) {
        chars += inBucket[i]!.chars;
        // Reaching the target with the very last record means "everything": 1, as the single-pass version returned.
        if (chars * tokensPerChar >= target) return i === inBucket.length - 1 && !laterBuckets ? 1 : inBucket[i]!.key;
    }
    // Only if the replay inputs changed between the passes.
    return inBucket.length > 0 ? inBucket[inBucket.length - 1]!.key : 1;
}

function bucketOf(key: number): number {
    return Math.min(BUCKETS - 1, Math.floor(key * BUCKETS));
}
