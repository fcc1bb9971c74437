import type { GeneratedToken } from "../../models/LanguageModel.js";

/** Chat-completions `logprobs.content` entries (token, logprob, UTF-8 bytes, top alternatives). */
export function chatLogprobs(tokens: readonly GeneratedToken[] | undefined, top: number) {
    return {
        content: (tokens ?? []).map((token) => ({
            token: token.text,
            logprob: token.logprob,
            bytes: [...Buffer.from(token.text, "utf8")],
            top_logprobs: token.top.slice(0, top).map((alt) => ({ token: alt.text, logprob: alt.logprob, bytes: [...Buffer.from(alt.text, "utf8")] }))
        })),
        refusal: null
    };
}

/** One position in the legacy completions `logprobs` object. */
export interface LegacyLogprobEntry {
    token: string;
    logprob: number | null;
    top: Record<string, number> | null;
}

/** The legacy `/v1/completions` logprobs shape: parallel arrays plus character offsets. */
export function legacyLogprobs(entries: readonly LegacyLogprobEntry[], startOffset = 0) {
    const textOffset: number[] = [];
    let offset = startOffset;
    for (const entry of entries) {
        textOffset.push(offset);
        offset += entry.token.length;
    }
    return {
        tokens: entries.map((entry) => entry.token),
        token_logprobs: entries.map((entry) => entry.logprob),
        top_logprobs: entries.map((entry) => entry.top),
        text_offset: textOffset
    };
}

export function generatedToLegacy(tokens: readonly GeneratedToken[] | undefined, top: number): LegacyLogprobEntry[] {
    return (tokens ?? []).map((token) => ({
        token: token.text,
        logprob: token.logprob,
        top: Object.fromEntries(token.top.slice(0, top).map((alt) => [alt.text, alt.logprob]))
    }));
}
