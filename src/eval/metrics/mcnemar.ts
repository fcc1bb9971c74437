/**
 * McNemar's test for two systems scored on the same items (paired outcomes).
 *
 * Only discordant pairs matter: b = A right and B wrong, c = A wrong and B right.
 * - b + c < {@link MCNEMAR_EXACT_BELOW}: exact two-sided binomial test,
 *   p = min(1, 2 · Σ_{k ≤ min(b,c)} C(b+c, k) / 2^(b+c)).
 * - otherwise: chi-square with Edwards' continuity correction,
 *   χ² = (|b − c| − 1)² / (b + c), 1 degree of freedom, p = erfc(√(χ²/2)).
 * - b + c = 0: p = 1 (no evidence of a difference).
 */
export const MCNEMAR_EXACT_BELOW = 25;

export interface McNemarResult {
    /** A right, B wrong. */
    readonly b: number;
    /** A wrong, B right. */
    readonly c: number;
    readonly method: "exact-binomial" | "chi-square-continuity-corrected" | "no-discordant-pairs";
    /** χ² statistic (chi-square method only). */
    readonly statistic: number | null;
    readonly pValue: number;
}

export function mcnemar(a: readonly boolean[], b: readonly boolean[]): McNemarResult {
    if (a.length !== b.length) throw new RangeError(`paired outcomes must have equal length, got ${a.length} and ${b.length}`);
    let onlyA = 0;
    let onlyB = 0;
    for (let i = 0; i < a.length; i++) {
        if (a[i] && !b[i]) onlyA += 1;
        else if (!a[i] && b[i]) onlyB += 1;
    }
    return mcnemarFromCounts(onlyA, onlyB);
}

export function mcnemarFromCounts(b: number, c: number): McNemarResult {
    const n = b + c;
    if (n === 0) return { b, c, method: "no-discordant-pairs", statistic: null, pValue: 1 };
    if (n < MCNEMAR_EXACT_BELOW) {
        const k = Math.min(b, c);
        let tail = 0;
        for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
        return { b, c, method: "exact-binomial", statistic: null, pValue: Math.min(1, 2 * tail) };
    }
    const statistic = (Math.abs(b - c) - 1) ** 2 / n;
    return { b, c, method: "chi-square-continuity-corrected", statistic, pValue: Math.min(1, erfc(Math.sqrt(statistic / 2))) };
}

function logChoose(n: number, k: number): number {
    let result = 0;
    for (let i = 1; i <= k; i++) result += Math.log(n - k + i) - Math.log(i);
    return result;
}

/**
 * Complementary error function (Numerical Recipes `erfcc`, Chebyshev fit, fractional error
 * below 1.2e-7 everywhere), ample for p-values.
 */
export function erfc(x: number): number {
    const z = Math.abs(x);
    const t = 1 / (1 + 0.5 * z);
    const r =
        t *
        Math.exp(
            -z * z -
                1.26551223 +
                t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
        );
    return x >= 0 ? r : 2 - r;
}
