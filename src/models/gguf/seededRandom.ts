/**
 * Seeded, fast, platform-independent random numbers for synthetic weights: the same seed gives
 * the same bytes on every machine.
 */
import { mulberry32 } from "../../util/mulberry32.js";

/** FNV-1a hash of a string mixed with a seed: derives an independent stream per tensor name. */
export function deriveSeed(seed: number, name: string): number {
    let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
    for (let i = 0; i < name.length; i++) {
        h ^= name.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9).
 * Used once to build the quantile table below.
 */
function normalQuantile(p: number): number {
    const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
    const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
    const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
    const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
    const low = 0.02425;
    if (p < low) {
        const q = Math.sqrt(-2 * Math.log(p));
        return (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
    }
    if (p > 1 - low) return -normalQuantile(1 - p);
    const q = p - 0.5;
    const r = q * q;
    return ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
        (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
}

let quantileTable: Float32Array | undefined;

/**
 * 65536 equiprobable standard-normal values (the quantiles at (i + 0.5) / 65536). Sampling by
 * table lookup costs a few nanoseconds per value, which is what makes writing a 7B model
 * (6.7 billion weights) take seconds instead of minutes; its tails are cut at ±4.3σ, which does
 * not matter for random weights.
 */
function normalTable(): Float32Array {
    if (quantileTable === undefined) {
        quantileTable = new Float32Array(65536);
        for (let i = 0; i < 65536; i++) quantileTable[i] = normalQuantile((i + 0.5) / 65536);
    }
    return quantileTable;
}

/** Fills a whole Float32Array, or the next chunk of one, with normal values of a given standard deviation. */
export type NormalStream = (out: Float32Array, std: number) => void;

/**
 * A stream of normal values drawn from mulberry32(`seed`), two values per 32-bit draw. Filling a
 * tensor in chunks of even length gives the same values as filling it at once, so writers can
 * stream a tensor in bounded memory and stay byte-deterministic.
 */
export function normalStream(seed: number): NormalStream {
    const next = mulberry32(seed);
    const table = normalTable();
    return (out, std) => {
        const n = out.length;
        let i = 0;
        for (; i + 1 < n; i += 2) {
            const r = next();
            out[i] = table[r & 0xffff]! * std;
            out[i + 1] = table[r >>> 16]! * std;
        }
        if (i < n) out[i] = table[next() & 0xffff]! * std;
    };
}
