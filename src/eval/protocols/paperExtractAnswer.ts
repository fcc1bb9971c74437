import type { AnswerExtractor } from "./Protocol.js";

/**
 * The paper's answer extraction (`evaluate.py eval()`, system spec §7.4), applied to one
 * generation. Returns the candidate answer in lower case ("a", "yes", "maybe", ...) or null when
 * nothing is left; whether it is a *valid* answer is decided by `paperLabel` (the paper's list
 * a-e, yes, no).
 *
 * 1. lower-case; if the output contains "\n##", keep the first line after the first "\n##";
 * 2. with shots, keep what precedes the first blank line;
 * 3. every non-alphanumeric ASCII character becomes a space; trim; collapse spaces;
 * 4. CoT: the first word after the last "answer is";
 * 5. multiple choice: the first character; yes/no benchmarks (PubMedQA, and TruthfulQA, which
 *    the paper's code scores the same way): yesyes→yes, nono→no, yesno→yes, noyes→no, then the
 *    whole string.
 *
 * This is the runner's default extractor; the dataset engineer's `src/eval/extract` can replace it.
 */
export const paperExtractAnswer: AnswerExtractor = (output, options) => {
    let text = output.toLowerCase();
    if (text.includes("\n##")) text = (text.split("\n##")[1] ?? "").split("\n")[0]!.trim();
    if (options.shots > 0) text = text.split("\n\n")[0]!.trim();
    text = text.replace(/[^a-zA-Z0-9]/g, " ").trim().replace(/ +/g, " ");
    if (options.cot) {
        const after = text.split("answer is").at(-1)!.trim();
        const word = after.split(" ")[0] ?? "";
        // Python's .split()[0] raises on an empty string; the paper's run would crash, we call it invalid.
        if (word === "") return null;
        text = word;
    }
    if (text === "") return null;
    if (options.booleanScoring ?? options.answerKind === "yes-no-maybe") {
        return text.replaceAll("yesyes", "yes").replaceAll("nono", "no").replaceAll("yesno", "yes").replaceAll("noyes", "no");
    }
    return text[0]!;
};
