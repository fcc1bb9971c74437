import type { BenchmarkResult, ItemRecord, SeedMetrics } from "../store/RunResults.js";
import { accuracy, accuracyByGroup, accuracyOverParseable, invalidRate } from "./accuracy.js";
import { bootstrapInterval, type BootstrapOptions } from "./bootstrapInterval.js";
import { brierScore, calibration, DEFAULT_CALIBRATION_BINS } from "./calibration.js";
import { macroF1 } from "./macroF1.js";
import { seedSpread, type SeedSpread } from "./seedSpread.js";

/** The yes/no/maybe label set of PubMedQA, over which macro-F1 is taken. */
export const PUBMEDQA_LABELS = ["yes", "no", "maybe"] as const;

export interface SummarizeOptions {
    readonly bootstrap?: BootstrapOptions;
    readonly calibrationBins?: number;
}

/**
 * All metrics of one benchmark from its item records: one {@link SeedMetrics} per seed (in the
 * order seeds first appear) and their mean ± sample standard deviation.
 */
export function summarizeBenchmark(
    benchmark: string,
    records: readonly ItemRecord[],
    options: SummarizeOptions = {}
): Pick<BenchmarkResult, "benchmark" | "items" | "summary" | "perSeed"> {
    const bySeed = new Map<number, ItemRecord[]>();
    for (const record of records) {
        const list = bySeed.get(record.seed) ?? [];
        list.push(record);
        bySeed.set(record.seed, list);
    }
    const perSeed = [...bySeed.entries()].map(([seed, items]) => seedMetrics(benchmark, seed, items, options));
    const optionalSpread = (pick: (m: SeedMetrics) => number | null | undefined): SeedSpread | undefined => {
        const values = perSeed.map(pick);
        return values.every((v): v is number => typeof v === "number") && values.length > 0 ? seedSpread(values) : undefined;
    };
    const subjects = new Map<string, { n: number; values: number[] }>();
    for (const metrics of perSeed) {
        for (const group of metrics.perSubject) {
            const entry = subjects.get(group.group) ?? { n: group.n, values: [] };
            entry.values.push(group.accuracy);
            subjects.set(group.group, entry);
        }
    }
    return {
        benchmark,
        items: perSeed[0]?.n ?? 0,
        perSeed,
        summary: {
            accuracy: seedSpread(perSeed.map((m) => m.accuracy)),
            accuracyOverParseable: optionalSpread((m) => m.accuracyOverParseable) ?? null,
            invalidRate: seedSpread(perSeed.map((m) => m.invalidRate)),
            macroF1: optionalSpread((m) => m.macroF1),
            expectedCalibrationError: optionalSpread((m) => m.expectedCalibrationError),
            brierScore: optionalSpread((m) => m.brierScore),
            accNorm: optionalSpread((m) => m.accNorm),
            accBytes: optionalSpread((m) => m.accBytes),
            perSubject: [...subjects.entries()].map(([group, { n, values }]) => ({ group, n, accuracy: seedSpread(values) }))
        }
    };
}

function seedMetrics(benchmark: string, seed: number, items: readonly ItemRecord[], options: SummarizeOptions): SeedMetrics {
    const withProbabilities = items.filter((item) => item.probabilities !== undefined);
    const probabilistic = withProbabilities.length === items.length && items.length > 0;
    const bins = options.calibrationBins ?? DEFAULT_CALIBRATION_BINS;
    const calibrationItems = withProbabilities.map((item) => ({ probabilities: item.probabilities!, gold: item.gold }));
    const calib = probabilistic ? calibration(calibrationItems, bins) : undefined;
    const hasNorm = items.length > 0 && items.every((item) => item.extractedNorm !== undefined);
    const isYesNo = benchmark === "pubmedqa" || items.every((item) => (PUBMEDQA_LABELS as readonly string[]).includes(item.gold));
    return {
        seed,
        n: items.length,
        accuracy: accuracy(items),
        accuracyOverParseable: accuracyOverParseable(items),
        invalidRate: invalidRate(items),
        confidenceInterval: bootstrapInterval(items.map((item) => item.correct), options.bootstrap),
        perSubject: items.some((item) => item.subject !== undefined) ? accuracyByGroup(items, (item) => item.subject) : [],
        ...(isYesNo && items.length > 0 ? { macroF1: macroF1(items.map((i) => ({ gold: i.gold, predicted: i.extracted })), PUBMEDQA_LABELS).macroF1 } : {}),
        ...(calib !== undefined
            ? { expectedCalibrationError: calib.expectedCalibrationError, brierScore: brierScore(calibrationItems), calibrationBins: calib.bins }
            : {}),
        ...(hasNorm
            ? {
                  accNorm: items.filter((item) => item.extractedNorm === item.gold).length / items.length,
                  accBytes: items.filter((item) => item.extractedBytes === item.gold).length / items.length
              }
            : {})
    };
}
