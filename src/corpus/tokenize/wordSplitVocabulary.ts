import { readGgufFile } from "../../models/gguf/readGgufFile.js";

/** llama.cpp token types (`enum llama_token_type`) this check cares about. */
const USER_DEFINED = 4;
const BYTE = 6;

/** The GGUF tokenizer fields that decide whether word-by-word tokenization is exact. */
export interface TokenizerVocabularyFields {
    /** `tokenizer.ggml.model` ("llama" = SentencePiece/SPM in llama.cpp). */
    readonly model: unknown;
    readonly tokens: unknown;
    readonly types: unknown;
    /** `tokenizer.ggml.add_space_prefix`; llama.cpp defaults to true for SPM when absent. */
    readonly addSpacePrefix: unknown;
}

/** What WordCachedTokenizer needs from a vocabulary that passed the check. */
export interface WordSplitVocabulary {
    /** Id of the piece "▁": the tokens of a span's trailing lone space (llama.cpp cannot be asked for it alone). */
    readonly spaceTokenId: number;
    /** UTF-8 bytes of the text each token stands for (byte tokens: 1), to cut one llama.cpp result into words. */
    readonly tokenBytes: Uint16Array;
}

export type WordSplitCheck = { readonly ok: true; readonly vocabulary: WordSplitVocabulary } | { readonly ok: false; readonly reason: string };

const SPACE_PIECE = "\u2581";
/** A merge across a word boundary would create a piece with a non-"▁" character followed by "▁". */
const CROSSES_WORD_BOUNDARY = /[^\u2581]\u2581/u;

/**
 * Decides whether llama.cpp's SPM tokenization of a span (text with special-token parsing off) equals the
 * concatenation of the tokenizations of its words, a word being a run of "▁" (escaped spaces) followed by
 * non-"▁" characters. It does when: the tokenizer is SPM with the dummy-prefix space; no piece contains a
 * non-"▁" character followed by "▁" (so no merge can join two words; SPM merges only adjacent symbols into
 * vocabulary pieces, and its tie-break by position keeps each word's merge order); no token is
 * USER_DEFINED (llama.cpp splits those out of the text even with special-token parsing off); "▁" is a piece.
 */
export function checkWordSplitVocabulary(fields: TokenizerVocabularyFields): WordSplitCheck {
    if (fields.model !== "llama") return { ok: false, reason: `tokenizer.ggml.model is ${JSON.stringify(fields.model)}, not "llama" (SentencePiece)` };
    if (fields.addSpacePrefix === false) return { ok: false, reason: "tokenizer.ggml.add_space_prefix is false" };
    const { tokens, types } = fields;
    if (!Array.isArray(tokens) || tokens.some((t) => typeof t !== "string")) return { ok: false, reason: "tokenizer.ggml.tokens is not an array of strings" };
    if (!Array.isArray(types) || types.length !== tokens.length) return { ok: false, reason: "tokenizer.ggml.token_type is missing or not one per token" };
    if (tokens.length > 0x10000) return { ok: false, reason: `${tokens.length} tokens do not fit uint16` };
    const tokenBytes = new Uint16Array(tokens.length);
    let spaceTokenId = -1;
    for (let id = 0; id < tokens.length; id++) {
        const piece = tokens[id] as string;
        if (types[id] === USER_DEFINED) return { ok: false, reason: `token ${id} ${JSON.stringify(piece)} is USER_DEFINED (split out of plain text)` };
        if (CROSSES_WORD_BOUNDARY.test(piece)) return { ok: false, reason: `piece ${id} ${JSON.stringify(piece)} joins a character and a following space` };
        if (piece === SPACE_PIECE && spaceTokenId < 0) spaceTokenId = id;
        tokenBytes[id] = types[id] === BYTE ? 1 : Math.min(0xffff, Buffer.byteLength(piece));
    }
    if (spaceTokenId < 0) return { ok: false, reason: "the vocabulary has no \"▁\" piece" };
    return { ok: true, vocabulary: { spaceTokenId, tokenBytes } };
}

/** Reads the tokenizer fields of a GGUF file (metadata only) and checks them. */
export async function checkWordSplitModel(modelPath: string): Promise<WordSplitCheck> {
    const file = await readGgufFile(modelPath, { requireRunnableArchitecture: false });
    const meta = file.metadata;
    return checkWordSplitVocabulary({
        model: meta.get("tokenizer.ggml.model"),
        tokens: meta.get("tokenizer.ggml.tokens"),
        types: meta.get("tokenizer.ggml.token_type"),
        addSpacePrefix: meta.get("tokenizer.ggml.add_space_prefix")
    });
}
