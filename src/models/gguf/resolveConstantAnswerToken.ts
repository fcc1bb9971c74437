import { UserError } from "../../util/errors.js";

/** The prompt a constant answer is resolved after: it ends like MediTron's exam prompts ("...Answer:"). */
export const CONSTANT_ANSWER_REFERENCE_PROMPT = "Answer:";

/**
 * The token id a constant answer text gets when it is appended right after a prompt: the last
 * token of tokenize("Answer:" + text) with SentencePiece's leading-space rule, so " A" is "▁A"
 * (319) and "A" is "A" (29909). The text must add exactly one token after the prompt's tokens.
 */
export async function resolveConstantAnswerToken(text: string): Promise<number> {
    const { default: llamaTokenizer } = await import("llama-tokenizer-js");
    const prompt = llamaTokenizer.encode(CONSTANT_ANSWER_REFERENCE_PROMPT, false, true);
    const full = llamaTokenizer.encode(CONSTANT_ANSWER_REFERENCE_PROMPT + text, false, true);
    const prefixKept = prompt.every((id, i) => full[i] === id);
    if (text.length === 0 || !prefixKept || full.length !== prompt.length + 1) {
        const added = prefixKept ? full.slice(prompt.length) : full;
        throw new UserError(`constant answer ${JSON.stringify(text)} is not a single token`, {
            found: `tokens [${added.join(", ")}] after "${CONSTANT_ANSWER_REFERENCE_PROMPT}"`,
            fix: 'use text that is one Llama token, e.g. " A", " yes", "A"'
        });
    }
    return full[full.length - 1]!;
}
