import { extractAnswer } from "../extract/extractAnswer.js";
import type { AnswerExtractor } from "./Protocol.js";

/**
 * The runner's default extractor: the paper's `evaluate.py` rules as implemented in
 * eval/extract (`extractAnswer`, checked there against a Python transcription), adapted to the
 * protocols' shape. Returns the valid answer in lower case ("a".."e", "yes", "no") or null when
 * the output is not one of evaluate.py's valid answers ("maybe" never is).
 *
 * "boolean" scoring (whole string, yes/no clean-up) applies to PubMedQA and, as in the paper's
 * code, TruthfulQA; multiple choice takes the first character.
 */
export const paperExtractAnswer: AnswerExtractor = (output, options) => {
    const boolean = options.booleanScoring ?? options.answerKind === "yes-no-maybe";
    const result = extractAnswer(output, "", { answerType: boolean ? "boolean" : "mcq", shots: options.shots, cot: options.cot });
    return result.valid ? result.prediction : null;
};
