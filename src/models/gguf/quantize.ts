import { toHalfBits } from "./float16.js";

/** Elements per quantization block of Q8_0 and Q4_0 (`QK8_0`, `QK4_0`). */
export const QUANT_BLOCK_SIZE = 32;
/** Bytes of one Q8_0 block: f16 scale + 32 int8. */
export const Q8_0_BLOCK_BYTES = 34;
/** Bytes of one Q4_0 block: f16 scale + 16 bytes of nibbles. */
export const Q4_0_BLOCK_BYTES = 18;

/**
 * C `roundf` (halves away from zero) for |x| <= 127. Written as floor(x + 0.5) plus a rarely taken
 * fix for negative halves: Math.round and sign branches cost 5-8x more per value in V8 (random
 * signs defeat branch prediction), and this loop runs 6.7 billion times for a 7B model.
 */
function roundf(x: number): number {
    const r = Math.floor(x + 0.5);
    return r - x === 0.5 && x < 0 ? r - 1 : r;
}

/**
 * Quantize `values` (length a multiple of 32) to Q8_0 into `out` at `outOffset`, as ggml's
 * `quantize_row_q8_0_ref`: per block d = max|x| / 127, q = roundf(x / d), stored as f16 d + 32 int8.
 * Returns the number of bytes written.
 */
export function quantizeQ8_0(values: Float32Array, out: Uint8Array, outOffset = 0): number {
    const blocks = values.length / QUANT_BLOCK_SIZE;
    if (!Number.isInteger(blocks)) throw new RangeError(`Q8_0 needs a multiple of 32 values, got ${values.length}`);
    let o = outOffset;
    for (let b = 0; b < blocks; b++) {
        const base = b * QUANT_BLOCK_SIZE;
        let amax = 0;
        for (let j = base; j < base + QUANT_BLOCK_SIZE; j++) {
            const a = Math.abs(values[j]!);
            amax = a > amax ? a : amax;
        }
        const d = Math.fround(amax / 127);
        const id = d !== 0 ? Math.fround(1 / d) : 0;
        const half = toHalfBits(d);
        out[o] = half & 0xff;
        out[o + 1] = half >>> 8;
        for (let j = 0; j < QUANT_BLOCK_SIZE; j++) {
            out[o + 2 + j] = (roundf(Math.fround(values[base + j]! * id)) + 256) & 0xff;
        }
        o += Q8_0_BLOCK_BYTES;
    }
    return o - outOffset;
}

/**
 * Quantize `values` (length a multiple of 32) to Q4_0 into `out` at `outOffset`, as ggml's
 * `quantize_row_q4_0_ref`: d = (value of largest magnitude) / -8, q = min(15, trunc(x / d + 8.5));
 * byte j holds element j in its low nibble and element j + 16 in its high nibble.
 * Returns the number of bytes written.
 */
export function quantizeQ4_0(values: Float32Array, out: Uint8Array, outOffset = 0): number {
    const blocks = values.length / QUANT_BLOCK_SIZE;
    if (!Number.isInteger(blocks)) throw new RangeError(`Q4_0 needs a multiple of 32 values, got ${values.length}`);
    let o = outOffset;
    for (let b = 0; b < blocks; b++) {
        const base = b * QUANT_BLOCK_SIZE;
        let amax = 0;
        let max = 0;
        for (let j = 0; j < QUANT_BLOCK_SIZE; j++) {
            const v = values[base + j]!;
            if (amax < Math.abs(v)) {
                amax = Math.abs(v);
                max = v;
            }
        }
        const d = Math.fround(max / -8);
        const id = d !== 0 ? Math.fround(1 / d) : 0;
        const half = toHalfBits(d);
        out[o] = half & 0xff;
        out[o + 1] = half >>> 8;
        for (let j = 0; j < 16; j++) {
            const x0 = Math.fround(values[base + j]! * id);
            const x1 = Math.fround(values[base + 16 + j]! * id);
            // x * id lies in [-8, 8], so x + 8.5 > 0 and `| 0` is C's truncating (int8_t) cast.
            const t0 = Math.fround(x0 + 8.5) | 0;
            const t1 = Math.fround(x1 + 8.5) | 0;
            const q0 = t0 > 15 ? 15 : t0;
            const q1 = t1 > 15 ? 15 : t1;
            out[o + 2 + j] = q0 | (q1 << 4);
        }
        o += Q4_0_BLOCK_BYTES;
    }
    return o - outOffset;
}
