import { GgmlType } from "./ggmlTypes.js";

/** Tensor storage type of the 2-D weight matrices of a synthetic model (norms are always F32). */
export type WeightType = "f32" | "f16" | "q8_0" | "q4_0";

export const WEIGHT_TYPES: readonly WeightType[] = ["f32", "f16", "q8_0", "q4_0"];

/** Shapes of a Llama-architecture model. */
export interface LlamaShape {
    readonly layers: number;
    readonly embeddingLength: number;
    readonly feedForwardLength: number;
    readonly headCount: number;
    readonly headCountKv: number;
    readonly contextLength: number;
}

export interface ModelPreset {
    readonly name: PresetName;
    readonly description: string;
    readonly shape: LlamaShape;
    readonly defaultType: WeightType;
}

export type PresetName = "tiny" | "small" | "meditron-7b";

/**
 * The synthetic model presets. `tiny` is for tests (a few MB, written in a fraction of a
 * second), `small` (~106M parameters) for CPU benchmarks, `meditron-7b` has MediTron-7B's real
 * shapes (Llama-2-7B: 32 layers, 4096 wide, 11008 FFN, 32 heads, 2048 context).
 */
export const MODEL_PRESETS: Readonly<Record<PresetName, ModelPreset>> = {
    tiny: {
        name: "tiny",
        description: "2 layers, 64 wide, F16: a few MB, for tests",
        shape: { layers: 2, embeddingLength: 64, feedForwardLength: 128, headCount: 4, headCountKv: 4, contextLength: 2048 },
        defaultType: "f16"
    },
    small: {
        name: "small",
        description: "8 layers, 768 wide, Q8_0: ~106M parameters, for CPU benchmarks",
        shape: { layers: 8, embeddingLength: 768, feedForwardLength: 2048, headCount: 12, headCountKv: 12, contextLength: 2048 },
        defaultType: "q8_0"
    },
    "meditron-7b": {
        name: "meditron-7b",
        description: "MediTron-7B shapes (32 layers, 4096 wide, 11008 FFN, 32 heads), Q4_0: ~3.8 GB",
        shape: { layers: 32, embeddingLength: 4096, feedForwardLength: 11008, headCount: 32, headCountKv: 32, contextLength: 2048 },
        defaultType: "q4_0"
    }
};

export const PRESET_NAMES = Object.keys(MODEL_PRESETS) as PresetName[];

export function ggmlTypeOf(type: WeightType): GgmlType {
    switch (type) {
        case "f32": return GgmlType.F32;
        case "f16": return GgmlType.F16;
        case "q8_0": return GgmlType.Q8_0;
        case "q4_0": return GgmlType.Q4_0;
    }
}

/** `general.file_type` (llama_ftype) for a model whose matrices are `type`. */
export function llamaFileTypeOf(type: WeightType): number {
    switch (type) {
        case "f32": return 0;
        case "f16": return 1;
        case "q8_0": return 7;
        case "q4_0": return 2;
    }
}
