import { UserError } from "../../util/errors.js";
import { MEGATRON_SPECIAL_TOKENS } from "./markupTokens.js";
import type { TextTokenizer } from "./tokenizeDocument.js";

/** Checks that a tokenizer has MediTron's added tokens at their ids (32000-32016) and Llama's BOS/EOS. */
export function verifyMeditronVocabulary(tokenizer: TextTokenizer, modelPath: string): void {
    for (const [text, id] of MEGATRON_SPECIAL_TOKENS) {
        const ids = tokenizer.tokenize(text, true);
        if (ids.length !== 1 || ids[0] !== id) {
            throw new UserError(`tokenizer ${modelPath} is not MediTron's tokenizer`, {
                expected: `"${text}" to be token ${id}`,
                found: `[${ids.join(", ")}]`,
                fix: "pass a GGUF with MediTron's vocabulary (Llama-2 + 17 added tokens), or omit the tokenizer to use the built-in one"
            });
        }
    }
}
