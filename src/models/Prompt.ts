/**
 * A prompt is text interleaved with special (control) tokens.
 *
 * Keeping the two apart is what stops user text from forging control tokens: a backend
 * tokenizes `text` parts with special-token parsing OFF, so a user who types `<s>` or
 * `<|im_end|>` gets those characters, never the control token. Only `special` parts, which
 * come from our own prompt formats, are tokenized as control tokens.
 */
export type PromptPart =
    | { readonly type: "text"; readonly text: string }
    | { readonly type: "special"; readonly token: string };

/** A plain string is treated as one `text` part. */
export type Prompt = string | readonly PromptPart[];

export function text(value: string): PromptPart {
    return { type: "text", text: value };
}

export function special(token: string): PromptPart {
    return { type: "special", token };
}

export function promptParts(prompt: Prompt): readonly PromptPart[] {
    return typeof prompt === "string" ? [text(prompt)] : prompt;
}

/**
 * The prompt as one string, for backends that only take text (remote engines) and for hashing.
 * Special tokens are written as their literal strings.
 */
export function promptToString(prompt: Prompt): string {
    if (typeof prompt === "string") return prompt;
    return prompt.map((part) => (part.type === "text" ? part.text : part.token)).join("");
}
