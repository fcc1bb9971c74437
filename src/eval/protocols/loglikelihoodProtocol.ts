import { requireCapability, type LanguageModel } from "../../models/LanguageModel.js";
import { argmax, labelChoiceRecord, labelProbabilities } from "./labelChoice.js";
import type { PreparedItem, Protocol, ProtocolContext } from "./Protocol.js";

/**
 * `loglikelihood`: lm-evaluation-harness's multiple-choice scoring on the paper's prompt.
 * Each option's full text is a continuation " " + text (lm-eval's target delimiter) whose
 * summed log-probability is asked in one request per item.
 * - acc: argmax of the summed log-likelihoods (np.argmax: first wins ties);
 * - acc_norm: argmax of log-likelihood ÷ the option's length in characters (lm-eval's
 *   `completion_len = len(choice)`, Unicode code points, without the delimiter);
 * - acc_bytes: the same with the option's UTF-8 byte length.
 * The headline accuracy is acc. Probabilities (softmax of the log-likelihoods over the options)
 * are kept for calibration.
 */
export function loglikelihoodProtocol(): Protocol {
    return {
        name: "loglikelihood",
        promptStyle: "answer",
        settings: { request: "scoreContinuations", continuation: "\" \" + option text", accNorm: "logprob / characters", accBytes: "logprob / UTF-8 bytes" },
        requireCapabilities(model: LanguageModel) {
            requireCapability(model, "scoreContinuations", "the loglikelihood protocol needs prompt log-probabilities (a local GGUF model, or a server supporting echo + logprobs)");
        },
        notes() {
            return [];
        },
        async score(context: ProtocolContext, prepared: PreparedItem) {
            const texts = optionTexts(prepared);
            const scores = await context.requests.scoreContinuations(prepared.prompt, texts.map((t) => ` ${t}`), context.signal);
            const detailed = prepared.labels.map((label, i) => ({
                label,
                logprob: scores[i]!.logprob,
                chars: [...texts[i]!].length,
                bytes: Buffer.byteLength(texts[i]!, "utf8")
            }));
            const acc = argmax(detailed.map((s) => s.logprob));
            const accNorm = argmax(detailed.map((s) => s.logprob / Math.max(1, s.chars)));
            const accBytes = argmax(detailed.map((s) => s.logprob / Math.max(1, s.bytes)));
            const valid = acc !== -1;
            const extracted = valid ? prepared.labels[acc]! : null;
            const finite = detailed.map((s) => (Number.isFinite(s.logprob) ? s.logprob : -Infinity));
            const max = Math.max(...finite);
            const exp = finite.map((l) => (Number.isFinite(max) ? Math.exp(l - max) : 0));
            const { probabilities, total } = labelProbabilities(prepared.labels, exp);
            return {
                ...labelChoiceRecord(prepared, extracted, valid),
                scores: detailed,
                extractedNorm: accNorm === -1 ? "" : prepared.labels[accNorm]!,
                extractedBytes: accBytes === -1 ? "" : prepared.labels[accBytes]!,
                ...(valid && total > 0 ? { probabilities } : {})
            };
        }
    };
}

/** The option texts scored as continuations: the options, or yes/no/maybe for PubMedQA. */
function optionTexts(prepared: PreparedItem): string[] {
    return prepared.item.options !== undefined && prepared.item.options.length > 0 ? [...prepared.item.options] : [...prepared.labels];
}
