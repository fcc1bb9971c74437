import { UserError } from "../util/errors.js";

/**
 * A prompt does not fit the model's context. Every backend throws this one class (the llama.cpp
 * backend before evaluating the prompt, the remote backend when the server answers a
 * context-length HTTP 400), so callers tell it apart with `instanceof` instead of matching
 * backend-specific error text: the evaluation harness skips the item, the server answers 400
 * `context_length_exceeded`.
 *
 * It is a {@link UserError}: the message says what was expected, what was found and how to fix it.
 */
export class ContextOverflowError extends UserError {
    /** Tokens in the prompt, when the backend knows them. */
    readonly promptTokens: number | undefined;
    /** The model's context size in tokens, when the backend knows it. */
    readonly contextSize: number | undefined;

    constructor(
        message: string,
        details: { readonly promptTokens?: number; readonly contextSize?: number; readonly expected?: string; readonly found?: string; readonly fix?: string; readonly cause?: unknown }
    ) {
        super(message, details);
        this.name = "ContextOverflowError";
        this.promptTokens = details.promptTokens;
        this.contextSize = details.contextSize;
    }
}
