import { MEGATRON_SPECIAL_TOKENS } from "./markupTokens.js";

export type MarkupSegment = { readonly text: string } | { readonly tokenId: number };

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const SPECIAL_PATTERN = new RegExp(MEGATRON_SPECIAL_TOKENS.map(([s]) => escape(s)).join("|"), "g");
const SPECIAL_IDS = new Map(MEGATRON_SPECIAL_TOKENS);

/**
 * Splits text the way Megatron-LLM's SentencePiece tokenizer does: repeatedly take the earliest special
 * token string, emit the text before it and the token's id. Empty text spans are dropped (SentencePiece
 * encodes "" to nothing).
 */
export function splitMarkup(text: string): MarkupSegment[] {
    const out: MarkupSegment[] = [];
    let last = 0;
    SPECIAL_PATTERN.lastIndex = 0;
    for (let m = SPECIAL_PATTERN.exec(text); m !== null; m = SPECIAL_PATTERN.exec(text)) {
        if (m.index > last) out.push({ text: text.slice(last, m.index) });
        out.push({ tokenId: SPECIAL_IDS.get(m[0])! });
        last = m.index + m[0].length;
    }
    if (last < text.length) out.push({ text: text.slice(last) });
    return out;
}
