import { describe, expect, it } from "vitest";
import { summarizeBenchmark } from "../../src/eval/metrics/summarizeBenchmark.js";
import type { ItemRecord } from "../../src/eval/store/RunResults.js";

function record(seed: number, id: string, gold: string, extracted: string | null, extra: Partial<ItemRecord> = {}): ItemRecord {
    return { benchmark: "b", id, seed, promptSha256: "", raw: null, extracted, gold, correct: extracted === gold, valid: extracted !== null, ...extra };
}

describe("summarizeBenchmark", () => {
    it("computes per-seed metrics and mean ± sample sd over seeds", () => {
        const records = [
            record(1, "1", "A", "A", { subject: "anatomy" }),
            record(1, "2", "B", "A", { subject: "virology" }),
            record(2, "1", "A", "A", { subject: "anatomy" }),
            record(2, "2", "B", "B", { subject: "virology" })
        ];
        const result = summarizeBenchmark("mmlu-medical", records);
        expect(result.items).toBe(2);
        expect(result.perSeed.map((m) => m.accuracy)).toEqual([0.5, 1]);
        expect(result.summary.accuracy.mean).toBe(0.75);
        expect(result.summary.accuracy.sd).toBeCloseTo(Math.sqrt(0.125), 12); // sd of {0.5, 1}: sqrt((.0625+.0625)/1)
        expect(result.summary.perSubject.find((s) => s.group === "virology")?.accuracy.mean).toBe(0.5);
        expect(result.summary.macroF1).toBeUndefined();
        expect(result.summary.expectedCalibrationError).toBeUndefined();
    });

    it("adds macro-F1 for yes/no/maybe and calibration when every item has probabilities", () => {
        const records = [
            record(1, "1", "yes", "yes", { probabilities: { yes: 0.8, no: 0.1, maybe: 0.1 } }),
            record(1, "2", "no", "yes", { probabilities: { yes: 0.6, no: 0.3, maybe: 0.1 } })
        ];
        const result = summarizeBenchmark("pubmedqa", records);
        // yes: 2/(2+1+0) = 2/3; no: 0; maybe: 0
        expect(result.perSeed[0]?.macroF1).toBeCloseTo(2 / 9, 12);
        // bins (0.7,0.8]: conf .8 acc 1 → .2·½; (0.5,0.6]: conf .6 acc 0 → .6·½
        expect(result.perSeed[0]?.expectedCalibrationError).toBeCloseTo(0.4, 12);
        expect(result.summary.brierScore?.mean).toBeCloseTo((0.04 + 0.01 + 0.01 + 0.36 + 0.49 + 0.01) / 2, 12);
    });
});
