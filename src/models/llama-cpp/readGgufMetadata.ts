import { stat } from "node:fs/promises";
import path from "node:path";
import { GgufFileType, readGgufFileInfo, type GgufFileInfo } from "node-llama-cpp";
import { UserError } from "../../util/errors.js";

/** What a GGUF file says about its model, read from the header only (no weights are loaded). */
export interface GgufModelMetadata {
    readonly path: string;
    readonly name: string;
    /** `general.architecture`, for example "llama". */
    readonly architecture: string;
    /** Sum of all tensor element counts. */
    readonly parameters: number;
    /** `general.file_type` as llama.cpp names it (for example "MOSTLY_Q4_0"), or "unknown". */
    readonly quantization: string;
    /** Context length the model was trained with (`<arch>.context_length`). */
    readonly contextLength?: number;
    readonly vocabularySize?: number;
    readonly embeddingLength?: number;
    readonly layers?: number;
    readonly fileBytes: number;
}

/** Reads a GGUF file's header. Throws a UserError when the file is missing or not GGUF. */
export async function readGgufMetadata(modelPath: string): Promise<GgufModelMetadata> {
    const absolute = path.resolve(modelPath);
    let bytes: number;
    try {
        bytes = (await stat(absolute)).size;
    } catch (error) {
        throw new UserError(`model file not found: ${modelPath}`, { expected: "a path to a .gguf file", found: "no such file", fix: "check the path or pull the model first", cause: error });
    }
    let info: GgufFileInfo;
    try {
        info = await readGgufFileInfo(absolute, { readTensorInfo: true, sourceType: "filesystem", logWarnings: false });
    } catch (error) {
        throw new UserError(`cannot read ${modelPath} as a GGUF model`, { expected: "a GGUF v2/v3 file", found: error instanceof Error ? error.message : String(error), fix: "convert the model to GGUF (llama.cpp convert_hf_to_gguf.py) or download a .gguf file", cause: error });
    }
    return describeGguf(info, absolute, bytes);
}

/** Summary of an already parsed GGUF header (shared with the loaded model's `info.details`). */
export function describeGguf(info: GgufFileInfo, modelPath: string, fileBytes: number): GgufModelMetadata {
    const metadata = info.metadata as unknown as Record<string, Record<string, unknown> | undefined>;
    const general = metadata.general ?? {};
    const architecture = typeof general.architecture === "string" ? general.architecture : "unknown";
    const archInfo = metadata[architecture] ?? {};
    const tokens = (metadata.tokenizer as { ggml?: { tokens?: readonly unknown[] } } | undefined)?.ggml?.tokens;
    const fileType = typeof general.file_type === "number" ? (GgufFileType[general.file_type] ?? `type ${general.file_type}`) : "unknown";
    const parameters = (info.fullTensorInfo ?? info.tensorInfo ?? []).reduce(
        (sum, tensor) => sum + tensor.dimensions.reduce<number>((product, dimension) => product * Number(dimension), 1),
        0
    );
    return {
        path: modelPath,
        name: typeof general.name === "string" && general.name.length > 0 ? general.name : path.basename(modelPath).replace(/\.gguf$/i, ""),
        architecture,
        parameters,
        quantization: fileType,
        contextLength: numberOrUndefined(archInfo.context_length),
        vocabularySize: numberOrUndefined(archInfo.vocab_size) ?? tokens?.length,
        embeddingLength: numberOrUndefined(archInfo.embedding_length),
        layers: numberOrUndefined(archInfo.block_count),
        fileBytes
    };
}

function numberOrUndefined(value: unknown): number | undefined {
    return typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : undefined;
}
