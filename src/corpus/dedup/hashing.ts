/** 32-bit FNV-1a over UTF-16 code units, with an optional seed. */
export function fnv1a32(text: string, seed = 0x811c9dc5): number {
    let h = seed >>> 0;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
}

/** murmur3 finalizer: a fast 32-bit bijective mix. */
export function fmix32(x: number): number {
    let h = x >>> 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}

/** A 64-bit hash as two 32-bit halves (two independently seeded FNV-1a passes, mixed). */
export function hash64(text: string): [number, number] {
    return [fmix32(fnv1a32(text)), fmix32(fnv1a32(text, 0x9747b28c) ^ text.length)];
}

/** Deterministic uniform number in [0, 1) from a seed and a string (splits, sampling, upsampling). */
export function seededUniform(seed: number, purpose: string, key: string): number {
    const [hi, lo] = hash64(`${seed}\u0000${purpose}\u0000${key}`);
    return (hi * 2 ** 21 + (lo >>> 11)) / 2 ** 53;
}
