import { EOD_TOKEN_ID } from "./markupTokens.js";
import { splitMarkup } from "./splitMarkup.js";

/** What tokenizeDocument needs: SentencePiece encoding of plain text (no BOS, dummy-prefix space added). */
export interface TextTokenizer {
    tokenize(text: string, specialTokens: boolean): number[];
}

/**
 * Megatron-LLM's `tokenize` + `--append_eod`: markup strings become their ids, every text span is encoded
 * separately with special-token parsing off (so each span gets SentencePiece's dummy-prefix space, as
 * `sp.encode_as_ids` does per span), and `<EOD>` (32002) ends the document. Output is uint16 (vocab 32,017).
 */
export function tokenizeDocument(tokenizer: TextTokenizer, text: string): Uint16Array {
    const ids: number[] = [];
    for (const segment of splitMarkup(text)) {
        if ("tokenId" in segment) ids.push(segment.tokenId);
        else for (const id of tokenizer.tokenize(segment.text, false)) ids.push(id);
    }
    ids.push(EOD_TOKEN_ID);
    const out = new Uint16Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        if (id < 0 || id > 0xffff) throw new Error(`token id ${id} does not fit uint16`);
        out[i] = id;
    }
    return out;
}
