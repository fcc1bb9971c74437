import type { LanguageModel } from "../models/LanguageModel.js";
import type { SafetyDecision } from "../safety/SafetyDecision.js";
import { MEDICAL_DISCLAIMER } from "./disclaimer.js";
import { taskAudiences, type FinalizeContext, type TaskAnswer, type TaskCallOptions, type TaskName } from "./TaskAnswer.js";

/** What a task body produces before the safety layer finalizes it. */
export interface TaskOutput<T> {
    text: string;
    result: T;
    finishReason: "stop" | "length" | "abort";
    usage: { promptTokens: number; completionTokens: number };
    /** Passed to the safety layer's finalize (exam: the chosen option's probability). */
    finalizeContext?: FinalizeContext;
}

/**
 * Runs a task body behind the safety layer. The user's text is screened first:
 * - a refusal answers at once with its fixed message, for every task, without calling the model;
 * - an emergency does the same for lay-facing tasks (health, disease); for clinician-facing tasks
 *   (exam, differential; see {@link taskAudiences}) the model still answers and the emergency
 *   travels as the answer's `safety` decision (emergency true, contacts), shown as a banner;
 * - otherwise the body runs and its display text goes through `finalize`.
 * A safety answer is a result, not an error. The body streams through the `onText` it is given,
 * which is undefined when finalize may rewrite the answer (hedged answers; exam answers, which get
 * "unsure" wording in front at low confidence): those are generated silently and the finalized
 * text is emitted once, since a stream cannot be amended.
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
        const { finalizeContext: _unused, ...output } = await body(options.onText);
        return { ...base, ...output, safety: null };
    }
    const decision = await safety.screen(userText);
    const clinicianEmergency = decision.action === "emergency" && taskAudiences[task] === "clinician";
    if (decision.action === "refuse" || (decision.action === "emergency" && !clinicianEmergency)) {
        const text = await safety.finalize(decision.message ?? "", decision);
        options.onText?.(text);
        return { ...base, text, result: null, safety: decision, finishReason: "safety", usage: { promptTokens: 0, completionTokens: 0 } };
    }
    // For a clinician's emergency the answer is finalized as an allowed one (finalize would
    // otherwise replace it with the fixed emergency message); the decision itself is returned.
    const answerDecision: SafetyDecision = clinicianEmergency ? { ...decision, action: "allow" } : decision;
    const silent = answerDecision.action !== "allow" || task === "exam";
    const { finalizeContext, ...output } = await body(silent ? undefined : options.onText);
    const text = await safety.finalize(output.text, answerDecision, finalizeContext);
    if (silent) options.onText?.(text);
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
