import { GgmlType } from "./ggmlTypes.js";
import { toHalfBits } from "./float16.js";
import { quantizeQ4_0, quantizeQ8_0, Q4_0_BLOCK_BYTES, Q8_0_BLOCK_BYTES, QUANT_BLOCK_SIZE } from "./quantize.js";

/** Bytes that `elementCount` values take when stored as `type`. */
export function encodedByteLength(type: GgmlType, elementCount: number): number {
    switch (type) {
        case GgmlType.F32: return elementCount * 4;
        case GgmlType.F16: return elementCount * 2;
        case GgmlType.Q8_0: return (elementCount / QUANT_BLOCK_SIZE) * Q8_0_BLOCK_BYTES;
        case GgmlType.Q4_0: return (elementCount / QUANT_BLOCK_SIZE) * Q4_0_BLOCK_BYTES;
    }
}

/** Encodes float values as `type` into `out` (which must hold encodedByteLength bytes); returns the bytes used. */
export function encodeValues(type: GgmlType, values: Float32Array, out: Uint8Array): Uint8Array {
    const length = encodedByteLength(type, values.length);
    const target = out.subarray(0, length);
    switch (type) {
        case GgmlType.F32: {
            // Little-endian hosts only (x86-64, arm64), like ggml itself.
            target.set(new Uint8Array(values.buffer, values.byteOffset, length));
            break;
        }
        case GgmlType.F16: {
            const halves = new Uint16Array(target.buffer, target.byteOffset, values.length);
            for (let i = 0; i < values.length; i++) halves[i] = toHalfBits(values[i]!);
            break;
        }
        case GgmlType.Q8_0: quantizeQ8_0(values, target); break;
        case GgmlType.Q4_0: quantizeQ4_0(values, target); break;
    }
    return target;
}
