import { LLAMA_FILE_TYPE_NAMES } from "./ggmlTypes.js";
import { LlamaTokenType } from "./meditronVocabulary.js";
import type { GgufFile, GgufValue } from "./readGgufFile.js";

export interface TokenRef {
    readonly id: number;
    /** The token's text, when the vocabulary has that id. */
    readonly text?: string;
}

/** What `meditron info` shows about a GGUF model file. */
export interface GgufModelSummary {
    readonly path: string;
    readonly fileSize: number;
    readonly ggufVersion: number;
    readonly name?: string;
    readonly architecture: string;
    readonly parameterCount: number;
    /** `general.file_type` as a number and a name ("MOSTLY_Q4_0"), when present. */
    readonly fileType?: { readonly id: number; readonly name: string };
    /** Tensor count per ggml type, e.g. { F32: 65, Q4_0: 226 }. */
    readonly tensorTypes: Readonly<Record<string, number>>;
    readonly tensorCount: number;
    readonly contextLength?: number;
    readonly embeddingLength?: number;
    readonly layers?: number;
    readonly headCount?: number;
    readonly tokenizerModel?: string;
    readonly vocabularySize?: number;
    readonly specialTokens: {
        readonly bos?: TokenRef;
        readonly eos?: TokenRef;
        readonly unk?: TokenRef;
        readonly pad?: TokenRef;
    };
    /** Control and user-defined tokens other than BOS/EOS/UNK (MediTron's <CLS> ... [/formula]). */
    readonly addedTokens: readonly (TokenRef & { readonly type: "control" | "user-defined" })[];
}

/** Summarizes a parsed GGUF file: architecture, size, quantization, context, tokenizer. */
export function summarizeGgufModel(file: GgufFile): GgufModelSummary {
    const meta = file.metadata;
    const architecture = String(meta.get("general.architecture") ?? "(none)");
    const num = (key: string): number | undefined => {
        const value = meta.get(key);
        return typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : undefined;
    };
    const str = (key: string): string | undefined => {
        const value = meta.get(key);
        return typeof value === "string" ? value : undefined;
    };
    const tokens = stringArray(meta.get("tokenizer.ggml.tokens"));
    const types = meta.get("tokenizer.ggml.token_type");
    const tokenRef = (key: string): TokenRef | undefined => {
        const id = num(key);
        if (id === undefined) return undefined;
        const text = tokens?.[id];
        return text === undefined ? { id } : { id, text };
    };
    const special = {
        bos: tokenRef("tokenizer.ggml.bos_token_id"),
        eos: tokenRef("tokenizer.ggml.eos_token_id"),
        unk: tokenRef("tokenizer.ggml.unknown_token_id"),
        pad: tokenRef("tokenizer.ggml.padding_token_id")
    };
    const basic = new Set([special.bos?.id, special.eos?.id, special.unk?.id]);
    const addedTokens: (TokenRef & { type: "control" | "user-defined" })[] = [];
    if (Array.isArray(types) && tokens !== undefined) {
        types.forEach((type, id) => {
            if (basic.has(id)) return;
            if (type === LlamaTokenType.CONTROL) addedTokens.push({ id, text: tokens[id] ?? "", type: "control" });
            else if (type === LlamaTokenType.USER_DEFINED) addedTokens.push({ id, text: tokens[id] ?? "", type: "user-defined" });
        });
    }
    const tensorTypes: Record<string, number> = {};
    for (const tensor of file.tensors) tensorTypes[tensor.typeName] = (tensorTypes[tensor.typeName] ?? 0) + 1;
    const fileTypeId = num("general.file_type");
    const definedSpecial = Object.fromEntries(Object.entries(special).filter(([, v]) => v !== undefined)) as GgufModelSummary["specialTokens"];
    return stripUndefined({
        path: file.path,
        fileSize: file.fileSize,
        ggufVersion: file.version,
        name: str("general.name"),
        architecture,
        parameterCount: file.tensors.reduce((sum, t) => sum + t.elementCount, 0),
        fileType: fileTypeId === undefined ? undefined : { id: fileTypeId, name: LLAMA_FILE_TYPE_NAMES[fileTypeId] ?? `UNKNOWN_${fileTypeId}` },
        tensorTypes,
        tensorCount: file.tensors.length,
        contextLength: num(`${architecture}.context_length`),
        embeddingLength: num(`${architecture}.embedding_length`),
        layers: num(`${architecture}.block_count`),
        headCount: num(`${architecture}.attention.head_count`),
        tokenizerModel: str("tokenizer.ggml.model"),
        vocabularySize: tokens?.length ?? num(`${architecture}.vocab_size`),
        specialTokens: definedSpecial,
        addedTokens
    });
}

function stringArray(value: GgufValue | undefined): readonly string[] | undefined {
    return Array.isArray(value) && value.every((v) => typeof v === "string") ? (value as string[]) : undefined;
}

function stripUndefined<T extends object>(value: T): T {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
