import { pyAsciiOnly, pySplitWhitespace, pyStrip } from "./pythonStrings.js";

/** evaluate.py `benchmark_output_type`: how an answer is cleaned. TruthfulQA is "boolean" there too. */
export type PaperAnswerType = "mcq" | "boolean";

const PAPER_ANSWER_TYPE: Readonly<Record<string, PaperAnswerType>> = {
    medqa: "mcq",
    medqa4: "mcq",
    medmcqa: "mcq",
    "mmlu-medical": "mcq",
    pubmedqa: "boolean",
    truthfulqa: "boolean"
};

/** The answer type evaluate.py applies to a benchmark (TruthfulQA is 'boolean' in the paper's code). */
export function paperAnswerType(benchmark: string): PaperAnswerType {
    return PAPER_ANSWER_TYPE[benchmark] ?? "mcq";
}

/** evaluate.py's list of parseable answers. "maybe" is not in it, so PubMedQA "maybe" never scores. */
export const PAPER_VALID_ANSWERS: readonly string[] = ["a", "b", "c", "d", "e", "yes", "no"];

export interface ExtractAnswerOptions {
    /** Benchmark name (selects mcq/boolean cleaning) unless `answerType` is given. */
    readonly benchmark?: string;
    readonly answerType?: PaperAnswerType;
    /** Shots used for the prompt: with shots > 0 only the output's first paragraph counts. */
    readonly shots: number;
    /**
     * Chain-of-thought extraction (the word after the last "answer is"). evaluate.py turns it on
     * with --cot or when the run name contains "cot" or "medical"; SC-CoT scoring always uses it.
     */
    readonly cot: boolean;
}

export interface ExtractedAnswer {
    /** Whether the cleaned output is one of evaluate.py's valid answers. */
    readonly valid: boolean;
    /** The cleaned answer when valid; otherwise the whole (lower-cased) output, as evaluate.py returns it. */
    readonly prediction: string;
    /** The gold after the same processing (lower-cased; CoT targets reduced to their label). */
    readonly gold: string;
    /** valid and prediction === gold. Invalid outputs count as wrong. */
    readonly correct: boolean;
}

/**
 * The paper's answer extraction, `evaluate.py eval()` step for step (outputs and golds are
 * lower-cased first, as `accuracy_metric` does):
 *
 * 1. if "\n##" in output: output = output.split("\n##")[1].split("\n")[0].strip()
 * 2. if "###" in gold: gold = gold.split("answer is:")[1].split("###")[0].strip()
 * 3. with shots: output = output.split("\n\n")[0].strip()
 * 4. every non-[a-zA-Z0-9] character becomes a space; strip; collapse spaces
 * 5. CoT: output = output.split("answer is")[-1].split()[0]
 * 6. mcq: ASCII only, first character ("because" → "b"); boolean: yesyes→yes, nono→no,
 *    yesno→yes, noyes→no (first that applies), the whole string must then be a valid answer
 * 7. valid iff in ['a','b','c','d','e','yes','no']
 */
export function extractAnswer(rawOutput: string, rawGold: string, options: ExtractAnswerOptions): ExtractedAnswer {
    const answerType = options.answerType ?? paperAnswerType(options.benchmark ?? "");
    const fullOutput = rawOutput.toLowerCase();
    let output = fullOutput;
    let gold = rawGold.toLowerCase();
    const invalid = (): ExtractedAnswer => ({ valid: false, prediction: fullOutput, gold, correct: false });

    if (output.includes("\n##")) output = pyStrip(output.split("\n##")[1]!.split("\n")[0]!);
    if (gold.includes("###")) {
        const parts = gold.split("answer is:");
        if (parts.length < 2) return invalid();
        gold = pyStrip(parts[1]!.split("###")[0]!);
    }
    if (options.shots > 0) output = pyStrip(output.split("\n\n")[0]!);

    output = output.replace(/[^a-zA-Z0-9]/gu, " ").trim();
    output = output.replace(/ +/g, " ");

    if (options.cot) {
        const word = pySplitWhitespace(output.split("answer is").at(-1)!)[0];
        if (word === undefined) return invalid();
        output = word;
    }

    if (answerType === "boolean") {
        output = pyAsciiOnly(collapseDoubleAnswer(output));
    } else {
        output = pyAsciiOnly(output);
        output = output.length > 0 ? output[0]! : output;
    }

    if (!PAPER_VALID_ANSWERS.includes(output)) return invalid();
    return { valid: true, prediction: output, gold, correct: output === gold };
}

/** evaluate.py `clean_double_answer` (its if/elif chain applies only the first matching rule). */
function collapseDoubleAnswer(output: string): string {
    if (output.includes("yesyes")) return output.replaceAll("yesyes", "yes");
    if (output.includes("nono")) return output.replaceAll("nono", "no");
    if (output.includes("yesno")) return output.replaceAll("yesno", "yes");
    if (output.includes("noyes")) return output.replaceAll("noyes", "no");
    return output;
}
