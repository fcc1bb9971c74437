import type { LlamaModel, Token } from "node-llama-cpp";

/** How many earlier tokens give the detokenizer enough context (leading spaces, byte sequences). */
const contextTokens = 8;
/** Give up waiting for a multi-byte character after this many byte tokens (invalid UTF-8). */
const maxPendingTokens = 8;

/**
 * Turns generated tokens into text one token at a time.
 *
 * A character outside ASCII may be split over several byte tokens (`<0xE2><0x80><0x94>`);
 * decoding them one by one would print replacement characters, so tokens are held back while the
 * text they decode to ends in an incomplete character (U+FFFD).
 */
export class TokenTextDecoder {
    private readonly previous: Token[];
    private pending: Token[] = [];

    /** `promptTail`: the last prompt tokens, so the first generated token keeps its leading space. */
    constructor(private readonly model: LlamaModel, promptTail: readonly Token[]) {
        this.previous = promptTail.slice(-contextTokens);
    }

    /** Adds a token; returns the text that is now complete (possibly ""). */
    push(token: Token): string {
        this.pending.push(token);
        const text = this.model.detokenize(this.pending, false, this.previous);
        if (text.endsWith("\uFFFD") && this.pending.length < maxPendingTokens) return "";
        this.commit();
        return text;
    }

    /** Text of tokens still held back (called when generation ends). */
    flush(): string {
        if (this.pending.length === 0) return "";
        const text = this.model.detokenize(this.pending, false, this.previous);
        this.commit();
        return text;
    }

    private commit(): void {
        this.previous.push(...this.pending);
        if (this.previous.length > contextTokens) this.previous.splice(0, this.previous.length - contextTokens);
        this.pending = [];
    }
}
