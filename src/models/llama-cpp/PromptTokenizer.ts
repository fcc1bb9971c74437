import type { LlamaModel, Token } from "node-llama-cpp";
import { promptParts, type Prompt } from "../Prompt.js";

/** A prompt after resolving its special parts: runs of plain text and single control tokens. */
type PromptRun = { readonly kind: "text"; readonly text: string } | { readonly kind: "special"; readonly token: Token };

/**
 * Turns a {@link Prompt} into token ids the way llama.cpp would tokenize the same string, except
 * that only `special` parts can become control tokens.
 *
 * - `text` parts are tokenized with special-token parsing OFF, so user text such as `<s>`,
 *   `</s>`, `<|im_end|>` or `[bib_ref]` stays literal characters.
 * - `special` parts are looked up with parsing ON. A special part that is not one token of this
 *   vocabulary (for example `<|im_start|>` on a base model without ChatML tokens) is plain text of
 *   our own format, so it joins the neighbouring text.
 * - Each text run is tokenized on its own. This matches llama.cpp's SentencePiece behaviour on the
 *   whole string: it adds the dummy-prefix space at the start of the text and after every control
 *   token, which is exactly where our runs start.
 * - BOS is prepended when the model's metadata asks for it (`tokenizer.ggml.add_bos_token`).
 */
export class PromptTokenizer {
    private readonly specialIds = new Map<string, Token | null>();

    constructor(private readonly model: LlamaModel) {}

    /** Token ids of the prompt, BOS included when the model wants it. */
    tokenize(prompt: Prompt): Token[] {
        const tokens: Token[] = [];
        const bos = this.model.tokens.bos;
        if (this.model.tokens.shouldPrependBosToken && bos != null) tokens.push(bos);
        for (const run of this.runs(prompt)) {
            if (run.kind === "special") tokens.push(run.token);
            else if (run.text.length > 0) tokens.push(...this.model.tokenize(run.text, false));
        }
        return tokens;
    }

    /**
     * The text of the prompt's final text run (empty when the prompt ends with a control token).
     * Used to find the token a candidate continuation gets right after the prompt.
     */
    lastTextRun(prompt: Prompt): string {
        const runs = this.runs(prompt);
        const last = runs.at(-1);
        return last?.kind === "text" ? last.text : "";
    }

    /** The control token a special string names in this vocabulary, or null if it is not one. */
    specialTokenId(value: string): Token | null {
        const cached = this.specialIds.get(value);
        if (cached !== undefined) return cached;
        const parsed = this.model.tokenize(value, true);
        const literal = this.model.tokenize(value, false);
        const id = parsed.length === 1 && !(literal.length === 1 && literal[0] === parsed[0]) ? (parsed[0] as Token) : null;
        this.specialIds.set(value, id);
        return id;
    }

    private runs(prompt: Prompt): PromptRun[] {
        const runs: PromptRun[] = [];
        let text = "";
        for (const part of promptParts(prompt)) {
            const id = part.type === "special" ? this.specialTokenId(part.token) : null;
            if (part.type === "special" && id !== null) {
                if (text.length > 0) runs.push({ kind: "text", text });
                text = "";
                runs.push({ kind: "special", token: id });
            } else {
                text += part.type === "text" ? part.text : part.token;
            }
        }
        if (text.length > 0) runs.push({ kind: "text", text });
        return runs;
    }
}
