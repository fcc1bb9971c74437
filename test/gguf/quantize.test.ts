import { describe, expect, it } from "vitest";
import { fromHalfBits, toHalfBits } from "../../src/models/gguf/float16.js";
import { quantizeQ4_0, quantizeQ8_0, Q4_0_BLOCK_BYTES, Q8_0_BLOCK_BYTES } from "../../src/models/gguf/quantize.js";
import { normalStream } from "../../src/models/gguf/seededRandom.js";

/** Dequantization as ggml's dequantize_row_q8_0 / dequantize_row_q4_0. */
function dequantizeQ8_0(bytes: Uint8Array, count: number): Float32Array {
    const out = new Float32Array(count);
    for (let b = 0; b < count / 32; b++) {
        const d = fromHalfBits(bytes[b * 34]! | (bytes[b * 34 + 1]! << 8));
        for (let j = 0; j < 32; j++) out[b * 32 + j] = d * ((bytes[b * 34 + 2 + j]! << 24) >> 24);
    }
    return out;
}
function dequantizeQ4_0(bytes: Uint8Array, count: number): Float32Array {
    const out = new Float32Array(count);
    for (let b = 0; b < count / 32; b++) {
        const d = fromHalfBits(bytes[b * 18]! | (bytes[b * 18 + 1]! << 8));
        for (let j = 0; j < 16; j++) {
            const q = bytes[b * 18 + 2 + j]!;
            out[b * 32 + j] = ((q & 0x0f) - 8) * d;
            out[b * 32 + 16 + j] = ((q >> 4) - 8) * d;
        }
    }
    return out;
}

describe("float16", () => {
    it("converts exactly representable values and rounds to nearest even", () => {
        expect(toHalfBits(1)).toBe(0x3c00);
        expect(toHalfBits(-2)).toBe(0xc000);
        expect(toHalfBits(65504)).toBe(0x7bff);
        expect(toHalfBits(1e6)).toBe(0x7c00);
        expect(toHalfBits(2 ** -24)).toBe(0x0001);
        expect(toHalfBits(0)).toBe(0);
        // 1 + 2^-11 is halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1).
        expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00);
        expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
        for (const v of [0.1, -3.14159, 1e-5, 0.02]) expect(Math.abs(fromHalfBits(toHalfBits(v)) - v)).toBeLessThan(Math.abs(v) * 1e-3 + 1e-7);
    });
});

describe("ggml block quantization", () => {
    const ramp = Float32Array.from({ length: 32 }, (_, i) => i - 16); // -16 .. 15

    it("Q8_0: f16 scale max|x|/127 then 32 rounded int8", () => {
        const out = new Uint8Array(Q8_0_BLOCK_BYTES);
        expect(quantizeQ8_0(ramp, out)).toBe(34);
        const d = fromHalfBits(out[0]! | (out[1]! << 8));
        expect(d).toBeCloseTo(16 / 127, 4);
        expect((out[2]! << 24) >> 24).toBe(-127); // -16 / d
        expect(out[2 + 16]).toBe(0); // 0
        expect((out[2 + 31]! << 24) >> 24).toBe(Math.round(15 * 127 / 16)); // 119
    });

    it("Q4_0: d = (largest-magnitude value) / -8, low nibbles first half, high nibbles second half", () => {
        const out = new Uint8Array(Q4_0_BLOCK_BYTES);
        expect(quantizeQ4_0(ramp, out)).toBe(18);
        const d = fromHalfBits(out[0]! | (out[1]! << 8));
        expect(d).toBe(2); // max is -16, d = -16 / -8
        // x = -16 -> -16/2 + 8.5 = 0.5 -> 0; x = 0 (index 16) -> 8.5 -> 8
        expect(out[2]! & 0x0f).toBe(0);
        expect(out[2]! >> 4).toBe(8);
        // x = 15 (index 31) -> 7.5 + 8.5 = 16 -> clamped to 15
        expect(out[2 + 15]! >> 4).toBe(15);
    });

    it("round-trips random normal values within half a quantization step", () => {
        const values = new Float32Array(4096);
        normalStream(7)(values, 0.02);
        const q8 = dequantizeQ8_0((() => { const o = new Uint8Array(4096 / 32 * 34); quantizeQ8_0(values, o); return o; })(), 4096);
        const q4 = dequantizeQ4_0((() => { const o = new Uint8Array(4096 / 32 * 18); quantizeQ4_0(values, o); return o; })(), 4096);
        for (let b = 0; b < 4096 / 32; b++) {
            const block = values.subarray(b * 32, b * 32 + 32);
            const amax = Math.max(...block.map(Math.abs));
            for (let j = 0; j < 32; j++) {
                const i = b * 32 + j;
                expect(Math.abs(q8[i]! - values[i]!)).toBeLessThanOrEqual((amax / 127) * 0.51 + amax * 1e-3);
                expect(Math.abs(q4[i]! - values[i]!)).toBeLessThanOrEqual((amax / 8) * 1.01 + amax * 1e-3);
            }
        }
    });

    it("rejects lengths that are not whole blocks", () => {
        expect(() => quantizeQ8_0(new Float32Array(31), new Uint8Array(64))).toThrow(/multiple of 32/);
    });
});
