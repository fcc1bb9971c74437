import type { SafetyDecision } from "./SafetyDecision.js";
import type { SafetyLayer } from "./SafetyLayer.js";

/**
 * Adapts the safety layer to the `SafetyGate` shape used by tasks and the server
 * (src/tasks/TaskAnswer.ts): `finalize` returns only the display text, because those callers
 * carry the disclaimer in their own field.
 */
export function createSafetyGate(layer: SafetyLayer, options: { useJudge?: boolean } = {}): {
    screen(text: string): SafetyDecision | Promise<SafetyDecision>;
    finalize(answer: string, decision: SafetyDecision): string;
} {
    return {
        screen: (text) => (options.useJudge === true ? layer.screenWithJudge(text) : layer.screen(text)),
        finalize: (answer, decision) => layer.finalize(answer, decision).text
    };
}
