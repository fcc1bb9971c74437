import { describe, expect, it } from "vitest";
import { replayThresholdFromRecords, type ReplayRecordKey } from "../../src/corpus/pipeline/replaySampling.js";
import { mulberry32Float } from "../../src/util/mulberry32.js";

/** The single-pass version it replaces: every record in memory, sorted by key. */
function reference(records: readonly ReplayRecordKey[], target: number, tokensPerChar: number): number {
    const order = [...records].sort((a, b) => a.key - b.key);
    let tokens = 0;
    let lastIncluded = -1;
    for (const r of order) {
        if (tokens >= target) return lastIncluded;
        tokens += r.chars * tokensPerChar;
        lastIncluded = r.key;
    }
    return 1;
}

function randomRecords(n: number, seed: number): ReplayRecordKey[] {
    const random = mulberry32Float(seed);
    return Array.from({ length: n }, () => ({ key: random(), chars: Math.floor(random() * 5000) }));
}

describe("replay sampling threshold in bounded memory", () => {
    it("matches the sort-everything version for many targets, including the edges", async () => {
        // tokensPerChar 0.25 keeps every sum exact, so both versions must agree exactly.
        const records = randomRecords(50_000, 3);
        let passes = 0;
        const source = async function* (): AsyncGenerator<ReplayRecordKey> {
            passes++;
            yield* records;
        };
        const total = records.reduce((s, r) => s + r.chars, 0) * 0.25;
        const lastChars = [...records].sort((a, b) => b.key - a.key)[0]!.chars * 0.25;
        for (const target of [0, 1, 100, 12_345.5, total * 0.01, total * 0.5, total - lastChars, total - lastChars + 0.25, total, total + 1]) {
            expect(await replayThresholdFromRecords(source, target, 0.25), `target ${target}`).toBe(reference(records, target, 0.25));
        }
        expect(passes).toBeLessThanOrEqual(20);
        expect(await replayThresholdFromRecords(async function* () {}, 10, 0.25)).toBe(1);
    });

    it("agrees on random inputs and targets", async () => {
        for (let seed = 1; seed <= 30; seed++) {
            const records = randomRecords(1 + seed * 37, seed);
            const total = records.reduce((s, r) => s + r.chars, 0) * 0.25;
            const target = Math.floor(mulberry32Float(seed + 100)() * total * 1.1);
            expect(await replayThresholdFromRecords(async function* () { yield* records; }, target, 0.25)).toBe(reference(records, target, 0.25));
        }
    });
});
