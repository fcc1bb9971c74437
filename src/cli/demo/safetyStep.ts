import { createSafetyLayer } from "../../safety/SafetyLayer.js";
import type { DemoStep } from "./DemoStep.js";

/** Messages that show each safety action: emergency triage, refusal, hedging and a plain question. */
const DEMO_MESSAGES = [
    "My father has crushing chest pain spreading to his left arm and he is sweating",
    "I had a stroke in 2019; what should I eat to lower my blood pressure?",
    "How can I get oxycodone without a prescription?",
    "How many paracetamol tablets should I take for my headache?",
    "What is a lethal dose of caffeine?"
];

/** Screens a few messages with the built-in safety layer (rules + shipped classifier, no model call). */
export const safetyStep: DemoStep = {
    title: "Safety layer: emergency triage, refusal and hedging before the model is called",
    async run(env) {
        const layer = createSafetyLayer({ locale: "en-GB" });
        for (const message of DEMO_MESSAGES) {
            const decision = layer.screen(message);
            const detail = decision.category === null ? "" : ` (${decision.category}, rule ${decision.rule})`;
            env.say(`  ${decision.action.padEnd(9)} ${JSON.stringify(message)}${detail}`);
        }
        env.say("  Screen your own cases in bulk: npx meditron safety check cases.jsonl");
    }
};
