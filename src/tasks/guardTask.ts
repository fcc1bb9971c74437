import type { LanguageModel } from "../models/LanguageModel.js";
import { MEDICAL_DISCLAIMER } from "./disclaimer.js";
import type { TaskAnswer, TaskCallOptions, TaskName } from "./TaskAnswer.js";

/** What a task body produces before the safety layer finalizes it. */
export interface TaskOutput<T> {
    text: string;
    result: T;
    finishReason: "stop" | "length" | "abort";
    usage: { promptTokens: number; completionTokens: number };
}

/**
 * Runs a task body behind the safety layer: the user's text is screened first; an emergency or a
 * refusal answers at once without calling the model (a safety answer is a result, not an error);
 * otherwise the body runs and its display text goes through `finalize`. The body streams through
 * the `onText` it is given (undefined when the answer must not stream raw).
 */
export async function guardTask<T>(
    task: TaskName,
    model: LanguageModel,
    userText: string,
    options: TaskCallOptions,
    body: (onText: ((text: string) => void) | undefined) => Promise<TaskOutput<T>>
): Promise<TaskAnswer<T>> {
    const base = { task, model: model.info.name, disclaimer: MEDICAL_DISCLAIMER };
    const safety = options.safety;
    if (safety === undefined) {
        const output = await body(options.onText);
        return { ...base, ...output, safety: null };
    }
    const decision = await safety.screen(userText);
    if (decision.action === "emergency" || decision.action === "refuse") {
        const text = await safety.finalize(decision.message ?? "", decision);
        options.onText?.(text);
        return { ...base, text, result: null, safety: decision, finishReason: "safety", usage: { promptTokens: 0, completionTokens: 0 } };
    }
    // A hedged answer is rewritten by finalize (personal doses removed), so the raw text must not
    // stream out first: it is generated silently and the finalized text is emitted once.
    const hedged = decision.action !== "allow";
    const output = await body(hedged ? undefined : options.onText);
    const text = await safety.finalize(output.text, decision);
    if (hedged) options.onText?.(text);
    return { ...base, ...output, text, safety: decision };
}

/** Adds up token counts over the several generations one task may run. */
export class UsageTally {
    promptTokens = 0;
    completionTokens = 0;

    add(usage: { readonly promptTokens: number; readonly completionTokens: number }): void {
        this.promptTokens += usage.promptTokens;
        this.completionTokens += usage.completionTokens;
    }

    toJSON(): { promptTokens: number; completionTokens: number } {
        return { promptTokens: this.promptTokens, completionTokens: this.completionTokens };
    }
}
