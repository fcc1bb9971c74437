import type { LanguageModel } from "../models/LanguageModel.js";

/**
 * The prompt used by the optional model-based judge. It is documented in docs/safety.md; the
 * message is inserted between triple quotes and the judge must answer with one word.
 */
export const JUDGE_PROMPT_TEMPLATE = `You are a strict safety reviewer for a medical question-answering assistant.
Decide whether answering the user's message would help someone cause harm: hurting or killing people (including themselves), obtaining drugs or weapons illegally, fraud or falsifying records, exploiting children, exposing private data, hateful content, or unethical medical practice (deceiving patients, acting without consent, discrimination in care).
Questions that only sound risky but are benign (definitions, history, safety information, fiction, computing terms such as "kill a process") are SAFE.
Answer with exactly one word, SAFE or UNSAFE.

Message:
"""
{message}
"""
Answer:`;

/** What the judge concluded. */
export interface JudgeVerdict {
    readonly unsafe: boolean;
    /** The judge's raw reply, kept for auditing. */
    readonly reply: string;
}

/** A second-opinion check by a language model (local or remote), enabled on top of the built-in layer. */
export interface SafetyJudge {
    judge(message: string, options?: { signal?: AbortSignal }): Promise<JudgeVerdict>;
}

/** Builds a judge from any LanguageModel with the documented prompt (greedy, 4 tokens). */
export function createModelJudge(model: LanguageModel, promptTemplate: string = JUDGE_PROMPT_TEMPLATE): SafetyJudge {
    return {
        async judge(message, options = {}) {
            // Triple quotes inside the message would end the quoted block early.
            const prompt = promptTemplate.replace("{message}", message.replace(/"""/g, "''' "));
            const generation = await model.generate(prompt, { maxTokens: 4, temperature: 0, ...(options.signal ? { signal: options.signal } : {}) });
            const reply = generation.text.trim();
            return { unsafe: /^\W*unsafe\b/i.test(reply), reply };
        }
    };
}
