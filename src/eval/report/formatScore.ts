import type { SeedSpread } from "../metrics/seedSpread.js";
import type { BenchmarkResult } from "../store/RunResults.js";

/** A fraction as a percentage with one decimal ("37.4"). */
export function percent(fraction: number | null | undefined, digits = 1): string {
    return fraction === null || fraction === undefined || Number.isNaN(fraction) ? "—" : (fraction * 100).toFixed(digits);
}

/**
 * A benchmark's accuracy as the paper prints it: "mean±sd" (sample sd over seeds, in points,
 * two decimals) with several seeds; one seed shows its 95% bootstrap interval instead.
 */
export function accuracyCell(result: BenchmarkResult | undefined): string {
    if (result === undefined) return "—";
    const spread: SeedSpread = result.summary.accuracy;
    if (spread.sd !== null) return `${percent(spread.mean)}±${(spread.sd * 100).toFixed(2)}`;
    const ci = result.perSeed[0]?.confidenceInterval;
    return ci === undefined ? percent(spread.mean) : `${percent(spread.mean)} [${percent(ci.low)}–${percent(ci.high)}]`;
}

/** "mean" or "mean±sd" of any spread, as a percentage. */
export function spreadCell(spread: SeedSpread | null | undefined, scale = 100, digits = 1): string {
    if (spread === null || spread === undefined) return "—";
    const mean = (spread.mean * scale).toFixed(digits);
    return spread.sd === null ? mean : `${mean}±${(spread.sd * scale).toFixed(digits + 1)}`;
}
