/**
 * GGUF value types and ggml tensor types, with the block layout the reader needs to compute
 * tensor byte sizes. Numbers follow `gguf.h` / `ggml.h` of llama.cpp.
 */

/** Type tag of a metadata value (`enum gguf_type`). */
export enum GgufValueType {
    UINT8 = 0,
    INT8 = 1,
    UINT16 = 2,
    INT16 = 3,
    UINT32 = 4,
    INT32 = 5,
    FLOAT32 = 6,
    BOOL = 7,
    STRING = 8,
    ARRAY = 9,
    UINT64 = 10,
    INT64 = 11,
    FLOAT64 = 12
}

/** Tensor element types (`enum ggml_type`) that meditron writes. */
export enum GgmlType {
    F32 = 0,
    F16 = 1,
    Q4_0 = 2,
    Q8_0 = 8
}

/** Elements per block and bytes per block of every ggml type a GGUF file may hold (`ggml_type_traits`). */
const BLOCK_LAYOUT: Readonly<Record<number, { readonly name: string; readonly blockSize: number; readonly typeSize: number }>> = {
    0: { name: "F32", blockSize: 1, typeSize: 4 },
    1: { name: "F16", blockSize: 1, typeSize: 2 },
    2: { name: "Q4_0", blockSize: 32, typeSize: 18 },
    3: { name: "Q4_1", blockSize: 32, typeSize: 20 },
    6: { name: "Q5_0", blockSize: 32, typeSize: 22 },
    7: { name: "Q5_1", blockSize: 32, typeSize: 24 },
    8: { name: "Q8_0", blockSize: 32, typeSize: 34 },
    9: { name: "Q8_1", blockSize: 32, typeSize: 36 },
    10: { name: "Q2_K", blockSize: 256, typeSize: 84 },
    11: { name: "Q3_K", blockSize: 256, typeSize: 110 },
    12: { name: "Q4_K", blockSize: 256, typeSize: 144 },
    13: { name: "Q5_K", blockSize: 256, typeSize: 176 },
    14: { name: "Q6_K", blockSize: 256, typeSize: 210 },
    15: { name: "Q8_K", blockSize: 256, typeSize: 292 },
    16: { name: "IQ2_XXS", blockSize: 256, typeSize: 66 },
    17: { name: "IQ2_XS", blockSize: 256, typeSize: 74 },
    18: { name: "IQ3_XXS", blockSize: 256, typeSize: 98 },
    19: { name: "IQ1_S", blockSize: 256, typeSize: 50 },
    20: { name: "IQ4_NL", blockSize: 32, typeSize: 18 },
    21: { name: "IQ3_S", blockSize: 256, typeSize: 110 },
    22: { name: "IQ2_S", blockSize: 256, typeSize: 82 },
    23: { name: "IQ4_XS", blockSize: 256, typeSize: 136 },
    24: { name: "I8", blockSize: 1, typeSize: 1 },
    25: { name: "I16", blockSize: 1, typeSize: 2 },
    26: { name: "I32", blockSize: 1, typeSize: 4 },
    27: { name: "I64", blockSize: 1, typeSize: 8 },
    28: { name: "F64", blockSize: 1, typeSize: 8 },
    29: { name: "IQ1_M", blockSize: 256, typeSize: 56 },
    30: { name: "BF16", blockSize: 1, typeSize: 2 },
    34: { name: "TQ1_0", blockSize: 256, typeSize: 54 },
    35: { name: "TQ2_0", blockSize: 256, typeSize: 66 },
    39: { name: "MXFP4", blockSize: 32, typeSize: 17 }
};

/** Block layout of a ggml type, or undefined for a type this table does not know. */
export function ggmlTypeLayout(type: number): { readonly name: string; readonly blockSize: number; readonly typeSize: number } | undefined {
    return BLOCK_LAYOUT[type];
}

/** Bytes taken by a tensor of `elementCount` elements of `type`; undefined for an unknown type. */
export function ggmlTensorBytes(type: number, elementCount: number): number | undefined {
    const layout = BLOCK_LAYOUT[type];
    if (layout === undefined) return undefined;
    return Math.ceil(elementCount / layout.blockSize) * layout.typeSize;
}

/** `general.file_type` values (`enum llama_ftype`), by name. */
export const LLAMA_FILE_TYPE_NAMES: Readonly<Record<number, string>> = {
    0: "ALL_F32", 1: "MOSTLY_F16", 2: "MOSTLY_Q4_0", 3: "MOSTLY_Q4_1", 7: "MOSTLY_Q8_0", 8: "MOSTLY_Q5_0",
    9: "MOSTLY_Q5_1", 10: "MOSTLY_Q2_K", 11: "MOSTLY_Q3_K_S", 12: "MOSTLY_Q3_K_M", 13: "MOSTLY_Q3_K_L",
    14: "MOSTLY_Q4_K_S", 15: "MOSTLY_Q4_K_M", 16: "MOSTLY_Q5_K_S", 17: "MOSTLY_Q5_K_M", 18: "MOSTLY_Q6_K",
    19: "MOSTLY_IQ2_XXS", 20: "MOSTLY_IQ2_XS", 21: "MOSTLY_Q2_K_S", 22: "MOSTLY_IQ3_XS", 23: "MOSTLY_IQ3_XXS",
    24: "MOSTLY_IQ1_S", 25: "MOSTLY_IQ4_NL", 26: "MOSTLY_IQ3_S", 27: "MOSTLY_IQ3_M", 28: "MOSTLY_IQ2_S",
    29: "MOSTLY_IQ2_M", 30: "MOSTLY_IQ4_XS", 31: "MOSTLY_IQ1_M", 32: "MOSTLY_BF16", 36: "MOSTLY_TQ1_0",
    37: "MOSTLY_TQ2_0", 38: "MOSTLY_MXFP4_MOE"
};
