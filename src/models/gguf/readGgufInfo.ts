import { readGgufFile } from "./readGgufFile.js";
import { summarizeGgufModel, type GgufModelSummary } from "./summarizeGgufModel.js";

/**
 * Reads a GGUF model file's header (never its tensor data) and summarizes it: architecture,
 * parameter count, file type, context length, vocabulary and special tokens. Throws a UserError
 * naming the file for anything that is not a GGUF llama.cpp can run (wrong magic, truncated,
 * unsupported version, unknown architecture).
 */
export async function readGgufInfo(path: string): Promise<GgufModelSummary> {
    return summarizeGgufModel(await readGgufFile(path));
}
