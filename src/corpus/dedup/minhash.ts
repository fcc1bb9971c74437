import { fmix32 } from "./hashing.js";

/** Letters or digits: ASCII alphanumerics, and every non-ASCII code unit that is not a space or punctuation. */
function isWordChar(c: number): boolean {
    if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    return !(c === 0xa0 || (c >= 0x2000 && c <= 0x206f) || c === 0x3000 || c === 0xfeff || (c >= 0xd800 && c <= 0xdfff));
}

/**
 * FNV-1a hash of each word (maximal run of word characters, ASCII lower-cased), computed in one pass over
 * the char codes without building substrings: much faster than a Unicode regex split on large papers.
 */
export function hashWords(text: string): Uint32Array {
    let out = new Uint32Array(Math.max(16, text.length >>> 3));
    let n = 0;
    let h = 0x811c9dc5;
    let inWord = false;
    for (let i = 0; i <= text.length; i++) {
        const c = i < text.length ? text.charCodeAt(i) : 32;
        if (isWordChar(c)) {
            h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
            inWord = true;
        } else if (inWord) {
            if (n === out.length) {
                const grown = new Uint32Array(out.length * 2);
                grown.set(out);
                out = grown;
            }
            out[n++] = h >>> 0;
            h = 0x811c9dc5;
            inWord = false;
        }
    }
    return out.subarray(0, n);
}

export interface MinHashParams {
    readonly shingleSize: number;
    readonly bands: number;
    readonly rowsPerBand: number;
    readonly seed: number;
}

/** Per-permutation salts derived from the seed (same seed -> same permutations -> same result). */
function salts(params: MinHashParams): Uint32Array {
    const n = params.bands * params.rowsPerBand;
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = fmix32((params.seed ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0) | 1;
    return out;
}

const saltCache = new Map<string, Uint32Array>();

/**
 * MinHash over word shingles: words are runs of letters/digits, ASCII lower-cased; each `shingleSize`-word
 * window is hashed once and then permuted per band row by xor-salt + murmur mix. Returns the band keys
 * (one 32-bit hash per band) and an 8-bit-per-permutation signature (b-bit MinHash) used to verify
 * LSH candidates against the similarity threshold.
 */
export function minhashSignature(text: string, params: MinHashParams): { bands: Uint32Array; signature: Uint8Array } {
    const key = `${params.seed}/${params.bands}/${params.rowsPerBand}`;
    let salt = saltCache.get(key);
    if (salt === undefined) {
        salt = salts(params);
        saltCache.set(key, salt);
    }
    const n = salt.length;
    const mins = new Uint32Array(n).fill(0xffffffff);
    const wordHashes = hashWords(text);
    const wordCount = wordHashes.length;
    const k = params.shingleSize;
    const shingleCount = Math.max(1, wordCount - k + 1);
    for (let s = 0; s < shingleCount; s++) {
        let h = 0x811c9dc5;
        const end = Math.min(wordCount, s + k);
        for (let w = s; w < end; w++) h = Math.imul(h ^ wordHashes[w]!, 0x01000193);
        h >>>= 0;
        for (let p = 0; p < n; p++) {
            // fmix32 inlined: this loop is the hot spot (shingles x permutations).
            let v = h ^ salt[p]!;
            v ^= v >>> 16;
            v = Math.imul(v, 0x85ebca6b);
            v ^= v >>> 13;
            v = Math.imul(v, 0xc2b2ae35);
            v = (v ^ (v >>> 16)) >>> 0;
            if (v < mins[p]!) mins[p] = v;
        }
    }
    const bands = new Uint32Array(params.bands);
    for (let b = 0; b < params.bands; b++) {
        let h = 0x811c9dc5 ^ b;
        for (let r = 0; r < params.rowsPerBand; r++) h = Math.imul(h ^ mins[b * params.rowsPerBand + r]!, 0x01000193);
        bands[b] = fmix32(h >>> 0);
    }
    const signature = new Uint8Array(n);
    for (let p = 0; p < n; p++) signature[p] = mins[p]! & 0xff;
    return { bands, signature };
}

/** Jaccard estimate from two 8-bit signatures, corrected for chance collisions of the low byte. */
export function estimateJaccard(a: Uint8Array, aOffset: number, b: Uint8Array, bOffset: number, length: number): number {
    let same = 0;
    for (let i = 0; i < length; i++) if (a[aOffset + i] === b[bOffset + i]) same++;
    const raw = same / length;
    return Math.max(0, (raw - 1 / 256) / (1 - 1 / 256));
}
