import type { FinalizeOptions } from "./finalizeAnswer.js";
import type { SafetyDecision } from "./SafetyDecision.js";
import type { SafetyLayer } from "./SafetyLayer.js";

/**
 * Adapts the safety layer to the `SafetyGate` shape used by tasks and the server
 * (src/tasks/TaskAnswer.ts): `finalize` returns only the display text, because those callers
 * carry the disclaimer in their own field. The third argument of `finalize` carries what the task
 * knows about its answer (the exam task's `examConfidence`, which makes a low-confidence answer
 * say it is unsure).
 */
export function createSafetyGate(layer: SafetyLayer, options: { useJudge?: boolean } = {}): {
    screen(text: string): SafetyDecision | Promise<SafetyDecision>;
    finalize(answer: string, decision: SafetyDecision, context?: Pick<FinalizeOptions, "examConfidence">): string;
} {
    return {
        screen: (text) => (options.useJudge === true ? layer.screenWithJudge(text) : layer.screen(text)),
        finalize: (answer, decision, context) =>
            layer.finalize(answer, decision, context?.examConfidence === undefined ? {} : { examConfidence: context.examConfidence }).text
    };
}
