/**
 * mulberry32: a tiny, fast 32-bit-state PRNG. Everything seeded in meditron that need not match
 * another tool's generator (synthetic weights, bootstrap resampling, generated benchmark inputs)
 * uses it, so the same seed gives the same numbers on every machine and Node version.
 * (Where the paper's Python code must be reproduced, eval/shots has numpy's PCG64 and CPython's MT19937.)
 */
export function mulberry32(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return (t ^ (t >>> 14)) >>> 0;
    };
}

/** Floats in [0, 1) from mulberry32(seed). */
export function mulberry32Float(seed: number): () => number {
    const next = mulberry32(seed);
    return () => next() / 4294967296;
}
