import path from "node:path";
import type { CorpusConfig } from "../config/CorpusConfig.js";
import { seededUniform } from "../dedup/hashing.js";
import { readLines } from "../io/readRecords.js";
import type { GzipProblem } from "../io/readTextChunks.js";
import type { CorpusStatsReport } from "./CorpusStats.js";
import type { Shard } from "./planShards.js";

/**
 * MediTron's default mixture keeps every medical document once and adds replay text worth a fixed share of
 * the train tokens (1%: 420M of 46.7B in the paper). Each replay record gets a seeded uniform key; records are
 * taken in key order until their estimated tokens (characters x the medical data's measured tokens per
 * character) reach `f / (1 - f)` x the medical train tokens. Returns the key threshold: a record is sampled
 * iff its key <= threshold. Reads the replay inputs once (JSON only, no tokenization); memory 16 bytes per
 * replay record.
 */
export async function computeReplayThreshold(config: CorpusConfig, shards: readonly Shard[], report: CorpusStatsReport, onGzip: (p: GzipProblem) => void): Promise<number> {
    if (config.mixing.mode !== "meditron") return 1;
    const fraction = config.mixing.replayTokenFraction;
    const medical = report.sources.filter((s) => s.kind !== "replay");
    const medicalTokens = medical.reduce((s, x) => s + x.train.tokens, 0);
    const medicalChars = medical.reduce((s, x) => s + x.train.chars, 0);
    const tokensPerChar = medicalChars === 0 ? 0.25 : medicalTokens / medicalChars;
    const target = (fraction / (1 - fraction)) * medicalTokens;
    let keys = new Float64Array(1 << 16);
    let lengths = new Float64Array(1 << 16);
    let n = 0;
    for (const shard of shards) {
        const source = config.sources[shard.sourceIndex]!;
        if (source.kind !== "replay") continue;
        for (const file of shard.files) {
            for await (const rec of readLines(file, onGzip, false)) {
                let chars = 0;
                try {
                    const value = JSON.parse(rec.text) as Record<string, unknown>;
                    const text = value[source.textField] ?? value.content;
                    chars = typeof text === "string" ? text.length : 0;
                } catch {
                    continue;
                }
                if (n === keys.length) {
                    const k = new Float64Array(n * 2);
                    k.set(keys);
                    keys = k;
                    const l = new Float64Array(n * 2);
                    l.set(lengths);
                    lengths = l;
                }
                keys[n] = seededUniform(config.seed, "replay", `${path.basename(file)}:${rec.record}`);
                lengths[n] = chars;
                n++;
            }
        }
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => keys[a]! - keys[b]!);
    let tokens = 0;
    let lastIncluded = -1;
    for (const i of order) {
        if (tokens >= target) return lastIncluded;
        tokens += lengths[i]! * tokensPerChar;
        lastIncluded = keys[i]!;
    }
    return 1;
}
