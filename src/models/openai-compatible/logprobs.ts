import type { GeneratedToken } from "../LanguageModel.js";
import type { ChatLogprobsWire, CompletionLogprobsWire } from "./wireTypes.js";

/** One token with its alternatives, in a shape shared by both APIs. */
export interface TokenLogprob {
    readonly text: string;
    readonly logprob: number | null;
    /** Alternatives, most likely first. */
    readonly top: readonly { readonly text: string; readonly logprob: number }[];
}

/** Reads either wire shape (legacy parallel arrays or chat `content[]`) into one list. */
export function readTokenLogprobs(logprobs: (CompletionLogprobsWire & ChatLogprobsWire) | null | undefined): TokenLogprob[] {
    if (!logprobs) return [];
    if (Array.isArray(logprobs.content)) {
        return logprobs.content.map((entry) => ({
            text: entry.token,
            logprob: entry.logprob,
            top: [...(entry.top_logprobs ?? [])].map((alt) => ({ text: alt.token, logprob: alt.logprob })).sort((a, b) => b.logprob - a.logprob)
        }));
    }
    const tokens = logprobs.tokens ?? [];
    return tokens.map((text, index) => ({
        text,
        logprob: logprobs.token_logprobs?.[index] ?? null,
        top: topEntries(logprobs.top_logprobs?.[index] ?? null)
    }));
}

/** `{" A": -0.1, " B": -2}` → entries sorted most likely first. */
export function topEntries(map: Readonly<Record<string, number>> | null | undefined): { text: string; logprob: number }[] {
    if (!map) return [];
    return Object.entries(map)
        .map(([text, logprob]) => ({ text, logprob }))
        .sort((a, b) => b.logprob - a.logprob);
}

export function toGeneratedTokens(tokens: readonly TokenLogprob[], limitTop: number): GeneratedToken[] {
    return tokens.map((token) => ({
        text: token.text,
        logprob: token.logprob ?? Number.NEGATIVE_INFINITY,
        top: token.top.slice(0, limitTop)
    }));
}

/**
 * Probability of a candidate string's first token in a remote top-logprobs list. A remote server
 * gives token texts, not ids, so the candidate's first token is taken to be the longest listed
 * token text that the candidate starts with (what a greedy tokenizer would pick among the listed
 * ones). `null` when no listed token fits: the candidate is outside the top list.
 */
export function candidateProbability(candidate: string, top: readonly { text: string; logprob: number }[]): number | null {
    let best: { text: string; logprob: number } | undefined;
    for (const entry of top) {
        if (entry.text === "" || !candidate.startsWith(entry.text)) continue;
        if (best === undefined || entry.text.length > best.text.length) best = entry;
    }
    return best === undefined ? null : Math.exp(best.logprob);
}

/** Length in Unicode code points, the unit of OpenAI's `text_offset` (Python string indices). */
export function codePointLength(text: string): number {
    let count = 0;
    for (const _ of text) count += 1;
    return count;
}
