import type { LlamaModel, Token } from "node-llama-cpp";

const maxCacheEntries = 10_000;

/**
 * Finds the token a candidate string (" A", " yes") gets when it is appended right after a prompt.
 *
 * Rule: tokenize(P) and tokenize(P + candidate), where P is the prompt's final text; the
 * candidate's token is the first token of the second list beyond the first one. When the boundary
 * merges (the candidate's text changes the prompt's last token) the first differing token is used.
 *
 * Speed: instead of re-tokenizing the whole prompt per candidate, P is a short tail of the
 * prompt: its final line (a trailing newline stays with the line it ends), cut further at a word
 * boundary (a space after a non-space) about 48 characters before the end when the line is long.
 * Llama's SentencePiece vocabulary has no piece spanning a newline or a space that follows a
 * word, so the tokens at the end of the prompt do not depend on the text before the cut; the
 * dummy-prefix space llama.cpp adds at the cut is the same in both tokenizations and cancels out.
 * If the tail result is inconsistent (its tokens are not a prefix), the whole final text run is
 * used. Results are cached because evaluation prompts share their ending ("The answer is:").
 */
export class CandidateTokenResolver {
    private readonly cache = new Map<string, Token>();

    constructor(private readonly model: LlamaModel) {}

    resolve(promptTail: string, candidate: string): Token {
        const window = tailWindow(promptTail);
        const key = `${window}\u0000${candidate}`;
        const cached = this.cache.get(key);
        if (cached !== undefined) return cached;

        // A one-token window could differ from the real prompt in its only token (the dummy-prefix
        // space), so the window must hold at least two tokens to be trusted.
        const fromWindow = window !== promptTail ? this.nextToken(window, candidate, 2) : null;
        const token = fromWindow ?? this.nextToken(promptTail, candidate, 0) ?? this.boundaryToken(promptTail, candidate);
        if (this.cache.size >= maxCacheEntries) this.cache.clear();
        this.cache.set(key, token);
        return token;
    }

    /** The first token after tokenize(text) in tokenize(text + candidate), or null if not a clean extension. */
    private nextToken(text: string, candidate: string, minPrefixTokens: number): Token | null {
        const before = this.model.tokenize(text, false);
        if (before.length < minPrefixTokens) return null;
        const after = this.model.tokenize(text + candidate, false);
        if (after.length <= before.length) return null;
        for (let i = 0; i < before.length; i++) if (before[i] !== after[i]) return null;
        return after[before.length] as Token;
    }

    private boundaryToken(text: string, candidate: string): Token {
        const before = this.model.tokenize(text, false);
        const after = this.model.tokenize(text + candidate, false);
        let index = 0;
        while (index < before.length && index < after.length && before[index] === after[index]) index++;
        const token = after[Math.min(index, after.length - 1)];
        if (token === undefined) throw new Error(`candidate ${JSON.stringify(candidate)} has no tokens`);
        return token;
    }
}

/** Characters kept before the end when a long final line is cut at a word boundary. */
const minimumTail = 48;

/** The end of `text` that decides how a continuation tokenizes (see the class comment). */
export function tailWindow(text: string): string {
    const newline = text.length < 2 ? -1 : text.lastIndexOf("\n", text.length - 2);
    const line = newline === -1 ? text : text.slice(newline + 1);
    if (line.length <= minimumTail + 16) return line;
    let cut = line.lastIndexOf(" ", line.length - minimumTail);
    while (cut > 0 && line[cut - 1] === " ") cut--;
    return cut > 0 ? line.slice(cut) : line;
}
