import { requireCapability, type LanguageModel } from "../../models/LanguageModel.js";
import { promptToString } from "../../models/Prompt.js";
import { argmax, labelChoiceRecord, labelProbabilities } from "./labelChoice.js";
import type { PreparedItem, Protocol, ProtocolContext } from "./Protocol.js";

/**
 * `top-token` (paper Table 4, "select the token with maximum log probability"): one next-token
 * distribution after the prompt; the answer is the label whose token is most probable.
 *
 * Labels are asked as the token they get right after the prompt: " A" / " yes" after
 * "The answer is:" (SentencePiece gives "▁A", the token the paper's demonstrations put there),
 * and "A" / "yes" when the prompt ends in whitespace (the zero-shot prompt ends with a newline).
 * All labels come from one forward pass. Probabilities are renormalised over the labels and
 * kept for calibration; a label the backend could not see (remote top-k) counts as 0, and an
 * item where no label was seen at all is invalid.
 */
export function topTokenProtocol(): Protocol {
    return {
        name: "top-token",
        promptStyle: "answer",
        settings: { request: "nextTokenDistribution", answer: "argmax over label tokens", topK: 10 },
        requireCapabilities(model: LanguageModel) {
            requireCapability(model, "nextTokenDistribution", "the top-token protocol needs next-token probabilities; use --protocol paper-generate or cot with this backend");
        },
        notes() {
            return [];
        },
        async score(context: ProtocolContext, prepared: PreparedItem) {
            const candidates = labelCandidates(promptToString(prepared.prompt), prepared.labels);
            const distribution = await context.requests.nextTokenDistribution(prepared.prompt, { candidates, topK: 10 }, context.signal);
            const raw = distribution.candidates.map((p) => (p === null || !Number.isFinite(p) ? 0 : p));
            const seen = distribution.candidates.some((p) => p !== null);
            const { probabilities, total } = labelProbabilities(prepared.labels, raw);
            const valid = seen && total > 0;
            // np.argmax semantics: the first label wins ties.
            const extracted = valid ? (prepared.labels[argmax(raw)] ?? null) : null;
            return { ...labelChoiceRecord(prepared, extracted, valid), ...(valid ? { probabilities } : {}) };
        }
    };
}

/** " A", " B", ... (or "A", ... after trailing whitespace): the strings whose first token is each label's answer token. */
export function labelCandidates(promptText: string, labels: readonly string[]): string[] {
    const separator = /\s$/.test(promptText) ? "" : " ";
    return labels.map((label) => separator + label);
}
