import type { SafetyDecision } from "./SafetyDecision.js";

/** Shown with every answer, whatever the decision. */
export const MEDICAL_DISCLAIMER =
    "MediTron is a research model, not a doctor. This is general information, not a diagnosis or treatment plan: always check with a qualified health professional, and call your emergency number if you think it is an emergency.";

export const DOSING_HEDGE_INTRO = "General information only, not a personal dosing instruction.";
export const DOSING_HEDGE_ADVICE =
    "The right dose and medicine for you depend on your age, weight, kidney and liver function, pregnancy and other medicines: check with your pharmacist or prescribing clinician (or the medicine's leaflet) before taking, giving or changing anything.";
export const PERSONAL_DOSE_REMOVED = "[A dose given as a personal instruction was removed: ask your pharmacist or clinician for the dose that is right for you.]";

export interface FinalizeOptions {
    /** Exam tasks: the model's probability for its chosen answer (0..1). */
    readonly examConfidence?: number;
    /** Below this confidence the answer says it is unsure. Defaults to 0.5. */
    readonly unsureThreshold?: number;
}

/** The answer as shown to the user, with what the safety layer did to it. */
export interface FinalizedAnswer {
    /** The text to show (without the disclaimer). */
    readonly text: string;
    /** Always present. */
    readonly disclaimer: string;
    readonly action: SafetyDecision["action"];
    readonly emergency: boolean;
    /** True when dosing/prescribing hedging was applied. */
    readonly hedged: boolean;
    /** True when the answer was marked as unsure because of low exam confidence. */
    readonly unsure: boolean;
    /** Emergencies: the banner to show above everything else (label, message, numbers). */
    readonly banner?: { readonly label: string; readonly message: string; readonly contacts: readonly { readonly label: string; readonly number: string }[] };
}

/**
 * Wraps a model answer according to the screening decision. Emergencies and refusals show the
 * fixed message (the model answer, if any, is dropped); dosing/prescribing answers are hedged and
 * any dose phrased as a personal instruction is removed; low exam confidence adds "unsure"
 * wording; the disclaimer is always returned.
 */
export function finalizeAnswer(answer: string, decision: SafetyDecision, options: FinalizeOptions = {}): FinalizedAnswer {
    const threshold = options.unsureThreshold ?? 0.5;
    const base = { disclaimer: MEDICAL_DISCLAIMER, action: decision.action, emergency: decision.emergency };
    if (decision.action === "emergency" || decision.action === "refuse") {
        const message = decision.message ?? "";
        return {
            ...base, text: message, hedged: false, unsure: false,
            ...(decision.action === "emergency" ? { banner: { label: decision.label ?? "Emergency", message, contacts: decision.emergencyContacts ?? [] } } : {})
        };
    }
    let text = answer.trim();
    const hedged = decision.action === "hedge";
    if (hedged) text = `${DOSING_HEDGE_INTRO} ${removePersonalDoses(text)}\n\n${DOSING_HEDGE_ADVICE}`;
    const confidence = options.examConfidence;
    const unsure = confidence !== undefined && Number.isFinite(confidence) && confidence < threshold;
    if (unsure) text = `${unsureNote(confidence)}\n\n${text}`;
    return { ...base, text, hedged, unsure };
}

/** The wording used when the model's own answer probability is low. */
export function unsureNote(confidence: number): string {
    return `I am unsure about this answer: the model gave it a probability of only ${Math.round(confidence * 100)}%. Treat it as a guess and check it against a reliable source or a clinician.`;
}

const DOSE_AMOUNT = /\b\d+(?:[.,]\d+)?\s?(?:mg|mcg|µg|micrograms?|milligrams?|g|grams?|ml|millilitres?|milliliters?|units?|iu|tablets?|pills?|capsules?|puffs?|drops?|teaspoons?|tsp)\b/i;
const PERSONAL_INSTRUCTION = /\b(?:you should|you can|you could|you need to|you must|you may|you'll need|i recommend|i suggest|i would (?:recommend|suggest|take|give)|your dose|for you|(?:take|give|use|inject|double|increase) (?:him|her|them|your)\b|^\s*(?:take|give|use|inject|start|double|increase)\b)/i;

/** Replaces each sentence that gives a dose as a personal instruction with a pointer to a professional. */
export function removePersonalDoses(text: string): string {
    const sentences = text.match(/[^.!?\n]+[.!?]*\s*|\n+/g) ?? [text];
    const out: string[] = [];
    for (const sentence of sentences) {
        const personal = DOSE_AMOUNT.test(sentence) && PERSONAL_INSTRUCTION.test(sentence.trim());
        if (!personal) out.push(sentence);
        else if (out[out.length - 1]?.trim() !== PERSONAL_DOSE_REMOVED) out.push(`${PERSONAL_DOSE_REMOVED} `);
    }
    return out.join("").trim();
}
