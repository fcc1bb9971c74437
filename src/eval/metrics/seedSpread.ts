/**
 * Mean and spread of a metric over seeds (the paper's "mean ± over 3 seeds"; the paper does not
 * define ±). We report the **sample standard deviation** (n − 1 denominator), which is `null`
 * for a single seed rather than a misleading 0.
 */
export interface SeedSpread {
    readonly mean: number;
    /** Sample standard deviation (n − 1); null when fewer than two values. */
    readonly sd: number | null;
    readonly n: number;
    readonly values: readonly number[];
}

export function seedSpread(values: readonly number[]): SeedSpread {
    const n = values.length;
    if (n === 0) return { mean: 0, sd: null, n, values: [] };
    const mean = values.reduce((a, b) => a + b, 0) / n;
    if (n < 2) return { mean, sd: null, n, values: [...values] };
    const variance = values.reduce((acc, value) => acc + (value - mean) ** 2, 0) / (n - 1);
    return { mean, sd: Math.sqrt(variance), n, values: [...values] };
}
