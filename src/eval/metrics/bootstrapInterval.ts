import { mulberry32Float } from "../../util/mulberry32.js";

/** Resamples used by default: enough for a stable 95% percentile interval on 500-5000 items. */
export const DEFAULT_BOOTSTRAP_RESAMPLES = 1000;
/** Seed used by default, so the same run always reports the same interval. */
export const DEFAULT_BOOTSTRAP_SEED = 1234;

export interface BootstrapOptions {
    /** Number of resamples (default {@link DEFAULT_BOOTSTRAP_RESAMPLES}). */
    readonly resamples?: number;
    /** Seed of the mulberry32 PRNG (default {@link DEFAULT_BOOTSTRAP_SEED}). */
    readonly seed?: number;
    /** Confidence level (default 0.95). */
    readonly level?: number;
}

export interface ConfidenceInterval {
    readonly low: number;
    readonly high: number;
    readonly level: number;
    readonly resamples: number;
    readonly seed: number;
    readonly method: "percentile-bootstrap";
}

/**
 * Percentile bootstrap confidence interval of the mean of 0/1 outcomes (accuracy).
 *
 * Each resample draws n items with replacement (seeded mulberry32); the interval is the
 * empirical (1-level)/2 and 1-(1-level)/2 quantiles of the resampled accuracies, taken as the
 * values at sorted positions floor(q * (R - 1)) and ceil(q * (R - 1)) respectively, so the
 * interval is never narrower than the resampled values allow.
 *
 * Because only the count of correct items matters, a resample is a count of successes among n
 * uniform draws; it is still drawn item by item so the result equals a resample of the items.
 */
export function bootstrapInterval(outcomes: readonly boolean[], options: BootstrapOptions = {}): ConfidenceInterval {
    const resamples = options.resamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
    const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
    const level = options.level ?? 0.95;
    if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
    if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
    const n = outcomes.length;
    if (n === 0) return { low: 0, high: 0, level, resamples, seed, method: "percentile-bootstrap" };

    const random = mulberry32Float(seed);
    const means = new Float64Array(resamples);
    for (let r = 0; r < resamples; r++) {
        let correct = 0;
        for (let i = 0; i < n; i++) if (outcomes[Math.floor(random() * n)]) correct += 1;
        means[r] = correct / n;
    }
    means.sort();
    const alpha = (1 - level) / 2;
    const low = means[Math.floor(alpha * (resamples - 1))] ?? 0;
    const high = means[Math.ceil((1 - alpha) * (resamples - 1))] ?? 0;
    return { low, high, level, resamples, seed, method: "percentile-bootstrap" };
}
