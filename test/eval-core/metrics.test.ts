import { describe, expect, it } from "vitest";
import { accuracy, accuracyByGroup, accuracyOverParseable, invalidRate } from "../../src/eval/metrics/accuracy.js";
import { bootstrapInterval } from "../../src/eval/metrics/bootstrapInterval.js";
import { brierScore, calibration } from "../../src/eval/metrics/calibration.js";
import { macroF1 } from "../../src/eval/metrics/macroF1.js";
import { erfc, mcnemar, mcnemarFromCounts } from "../../src/eval/metrics/mcnemar.js";
import { seedSpread } from "../../src/eval/metrics/seedSpread.js";

const outcomes = [
    { correct: true, valid: true, subject: "anatomy" },
    { correct: true, valid: true, subject: "virology" },
    { correct: false, valid: true, subject: "anatomy" },
    { correct: false, valid: false, subject: undefined }
];

describe("accuracy family", () => {
    it("counts invalid answers as wrong in accuracy and drops them from accuracy over parseable", () => {
        expect(accuracy(outcomes)).toBe(0.5);
        expect(accuracyOverParseable(outcomes)).toBeCloseTo(2 / 3, 12);
        expect(invalidRate(outcomes)).toBe(0.25);
    });

    it("returns null accuracy over parseable when nothing parsed, and 0 for empty lists", () => {
        expect(accuracyOverParseable([{ correct: false, valid: false }])).toBeNull();
        expect(accuracy([])).toBe(0);
        expect(invalidRate([])).toBe(0);
    });

    it("groups by subject, sorted, with a fallback group", () => {
        expect(accuracyByGroup(outcomes, (item) => item.subject)).toEqual([
            { group: "(none)", n: 1, correct: 0, accuracy: 0 },
            { group: "anatomy", n: 2, correct: 1, accuracy: 0.5 },
            { group: "virology", n: 1, correct: 1, accuracy: 1 }
        ]);
    });
});

describe("macroF1", () => {
    it("matches the hand-computed value with an invalid prediction and an unpredicted class", () => {
        const result = macroF1(
            [
                { gold: "yes", predicted: "yes" },
                { gold: "yes", predicted: "no" },
                { gold: "no", predicted: "no" },
                { gold: "maybe", predicted: null }
            ],
            ["yes", "no", "maybe"]
        );
        // yes: 2·1/(2+0+1) = 2/3; no: 2·1/(2+1+0) = 2/3; maybe: 0 → (4/3)/3
        expect(result.macroF1).toBeCloseTo(4 / 9, 12);
        expect(result.perLabel.yes).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
        expect(result.perLabel.maybe?.f1).toBe(0);
    });
});

describe("calibration", () => {
    const items = [
        { probabilities: { A: 0.9, B: 0.1 }, gold: "A" },
        { probabilities: { A: 0.85, B: 0.15 }, gold: "B" },
        { probabilities: { A: 0.3, B: 0.7 }, gold: "B" },
        { probabilities: { A: 0.5, B: 0.5 }, gold: "B" }
    ];

    it("computes ECE over 10 equal-width bins", () => {
        const result = calibration(items);
        // bin (0.8,0.9]: n 2, conf .875, acc .5 → .1875; (0.6,0.7]: .3·¼; (0.4,0.5]: tie → A, wrong, .5·¼
        expect(result.expectedCalibrationError).toBeCloseTo(0.1875 + 0.075 + 0.125, 12);
        expect(result.bins).toHaveLength(10);
        expect(result.bins[8]).toMatchObject({ count: 2, accuracy: 0.5 });
        expect(result.bins[8]?.meanConfidence).toBeCloseTo(0.875, 12);
        expect(result.bins[0]).toMatchObject({ count: 0, accuracy: null, meanConfidence: null });
    });

    it("computes the multi-class Brier score", () => {
        expect(brierScore(items)).toBeCloseTo((0.02 + 1.445 + 0.18 + 0.5) / 4, 12);
        expect(brierScore([{ probabilities: { A: 0.25, B: 0.25, C: 0.25, D: 0.25 }, gold: "C" }])).toBeCloseTo(0.75, 12);
    });

    it("a perfectly confident and right model has zero ECE and Brier", () => {
        const perfect = [{ probabilities: { yes: 1, no: 0, maybe: 0 }, gold: "yes" }];
        expect(calibration(perfect).expectedCalibrationError).toBe(0);
        expect(brierScore(perfect)).toBe(0);
    });
});

describe("seedSpread", () => {
    it("reports the mean and the sample standard deviation", () => {
        const spread = seedSpread([36.3, 37.4, 38.5]);
        expect(spread.mean).toBeCloseTo(37.4, 12);
        expect(spread.sd).toBeCloseTo(1.1, 12);
        expect(seedSpread([42]).sd).toBeNull();
    });
});

describe("bootstrapInterval", () => {
    it("is deterministic for a seed and brackets the accuracy", () => {
        const values = Array.from({ length: 400 }, (_, i) => i % 4 !== 0); // 75%
        const a = bootstrapInterval(values, { seed: 7 });
        const b = bootstrapInterval(values, { seed: 7 });
        expect(a).toEqual(b);
        expect(a.resamples).toBe(1000);
        expect(a.low).toBeLessThan(0.75);
        expect(a.high).toBeGreaterThan(0.75);
        // Normal approximation: ±1.96·sqrt(.75·.25/400) = ±0.0424
        expect(a.low).toBeGreaterThan(0.75 - 0.06);
        expect(a.high).toBeLessThan(0.75 + 0.06);
        expect(a.high - a.low).toBeGreaterThan(0.06);
    });

    it("collapses to a point when every outcome is the same", () => {
        expect(bootstrapInterval([true, true, true])).toMatchObject({ low: 1, high: 1 });
        expect(bootstrapInterval([false, false])).toMatchObject({ low: 0, high: 0 });
    });
});

describe("mcnemar", () => {
    it("uses the exact binomial test for few discordant pairs (scipy binomtest values)", () => {
        expect(mcnemarFromCounts(2, 8)).toMatchObject({ method: "exact-binomial" });
        expect(mcnemarFromCounts(2, 8).pValue).toBeCloseTo(0.109375, 12);
        expect(mcnemarFromCounts(0, 5).pValue).toBeCloseTo(0.0625, 12);
    });

    it("uses chi-square with continuity correction otherwise (scipy chi2.sf values)", () => {
        const result = mcnemarFromCounts(30, 15);
        expect(result.method).toBe("chi-square-continuity-corrected");
        expect(result.statistic).toBeCloseTo(196 / 45, 12);
        expect(result.pValue).toBeCloseTo(0.036888425707049914, 6);
        expect(mcnemarFromCounts(12, 13).pValue).toBeCloseTo(1, 6);
    });

    it("counts discordant pairs from paired outcomes", () => {
        const result = mcnemar([true, true, false, false, true], [true, false, true, false, false]);
        expect(result).toMatchObject({ b: 2, c: 1 });
        expect(mcnemar([true], [true]).pValue).toBe(1);
        expect(() => mcnemar([true], [])).toThrow(RangeError);
    });

    it("erfc matches Python's math.erfc", () => {
        expect(erfc(1)).toBeCloseTo(0.15729920705028513, 6);
        expect(erfc(2.5)).toBeCloseTo(0.0004069520174449589, 8);
        expect(erfc(-1)).toBeCloseTo(2 - 0.15729920705028513, 6);
    });
});
