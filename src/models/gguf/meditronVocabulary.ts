/**
 * MediTron's tokenizer as GGUF metadata: the Llama-2 SentencePiece vocabulary (32000 pieces,
 * from llama-tokenizer-js) plus the 17 tokens Megatron-LLM appends (ids 32000-32016).
 */

/** llama.cpp token types (`enum llama_token_type`). */
export enum LlamaTokenType {
    UNDEFINED = 0,
    NORMAL = 1,
    UNKNOWN = 2,
    CONTROL = 3,
    USER_DEFINED = 4,
    UNUSED = 5,
    BYTE = 6
}

/** The 17 tokens MediTron adds after Llama's 32000, in id order starting at 32000. */
export const MEDITRON_ADDED_TOKENS: readonly string[] = [
    "<CLS>", "<SEP>", "<EOD>", "<MASK>", "<PAD>",
    "[bib_ref]", "[/bib_ref]", "[fig_ref]", "[/fig_ref]", "[bib]", "[/bib]",
    "[fig]", "[/fig]", "[table]", "[/table]", "[formula]", "[/formula]"
];

export const LLAMA_BASE_VOCAB_SIZE = 32000;
export const MEDITRON_VOCAB_SIZE = LLAMA_BASE_VOCAB_SIZE + MEDITRON_ADDED_TOKENS.length;
export const BOS_TOKEN_ID = 1;
export const EOS_TOKEN_ID = 2;
export const UNK_TOKEN_ID = 0;
/** `<PAD>`: Llama's SentencePiece model has no pad token; MediTron's Megatron tokenizer adds one. */
export const PAD_TOKEN_ID = 32004;

/**
 * Token type of the added tokens. CONTROL makes llama.cpp match their text only when special-token
 * parsing is on (`tokenize(text, true)`), so the literal string "[bib_ref]" in ordinary text still
 * tokenizes as characters; USER_DEFINED tokens would be matched even with parsing off.
 */
export const ADDED_TOKEN_TYPE = LlamaTokenType.CONTROL;
/** Score convert_hf_to_gguf.py gives added tokens; SentencePiece never reaches them by merging. */
const ADDED_TOKEN_SCORE = -1000;

export interface TokenizerVocabulary {
    readonly tokens: readonly string[];
    readonly scores: readonly number[];
    readonly types: readonly LlamaTokenType[];
}

/**
 * Builds tokens, scores and types. The scores follow the rule that reproduces Llama-2's
 * tokenizer.model exactly: ids below 259 (`<unk>`, `<s>`, `</s>`, the 256 byte pieces) score 0,
 * pieces made only of "▁" score -1e9, every other piece scores -(id - 259).
 */
export async function meditronVocabulary(addedTokenType: LlamaTokenType = ADDED_TOKEN_TYPE): Promise<TokenizerVocabulary> {
    // Imported lazily: the package decodes its vocabulary when it is first imported.
    const { default: llamaTokenizer } = await import("llama-tokenizer-js");
    const pieces = llamaTokenizer.vocabById;
    if (pieces.length !== LLAMA_BASE_VOCAB_SIZE) {
        throw new Error(`llama-tokenizer-js has ${pieces.length} pieces, expected ${LLAMA_BASE_VOCAB_SIZE}`);
    }
    const tokens: string[] = [];
    const scores: number[] = [];
    const types: LlamaTokenType[] = [];
    pieces.forEach((piece, id) => {
        tokens.push(piece);
        if (id < 259) scores.push(0);
        else if (/^▁+$/u.test(piece)) scores.push(-1e9);
        else scores.push(-(id - 259));
        if (id === UNK_TOKEN_ID) types.push(LlamaTokenType.UNKNOWN);
        else if (id === BOS_TOKEN_ID || id === EOS_TOKEN_ID) types.push(LlamaTokenType.CONTROL);
        else if (/^<0x[0-9A-F]{2}>$/.test(piece)) types.push(LlamaTokenType.BYTE);
        else types.push(LlamaTokenType.NORMAL);
    });
    for (const added of MEDITRON_ADDED_TOKENS) {
        tokens.push(added);
        scores.push(ADDED_TOKEN_SCORE);
        types.push(addedTokenType);
    }
    return { tokens, scores, types };
}
