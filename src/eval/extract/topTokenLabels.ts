/**
 * The answer labels a top-token protocol compares, per benchmark: the option letters (A-E for
 * MedQA, A-D otherwise) or PubMedQA's yes/no/maybe. Unlike evaluate.py's valid list this set
 * includes "maybe" and no letters a benchmark does not have.
 */
const LABELS: Readonly<Record<string, readonly string[]>> = {
    medqa: ["A", "B", "C", "D", "E"],
    medqa4: ["A", "B", "C", "D"],
    medmcqa: ["A", "B", "C", "D"],
    "mmlu-medical": ["A", "B", "C", "D"],
    truthfulqa: ["A", "B", "C", "D"],
    pubmedqa: ["yes", "no", "maybe"]
};

export function topTokenLabels(benchmark: string): readonly string[] {
    const labels = LABELS[benchmark];
    if (labels === undefined) throw new RangeError(`no top-token labels for benchmark "${benchmark}"`);
    return labels;
}

/**
 * The label of a chain-of-thought answer, cleanly: the first word after the last "answer is"
 * (case-insensitive, punctuation ignored), mapped onto the benchmark's labels; undefined when
 * the output has no "answer is" or the word is not a label. Use {@link extractAnswer} with `cot: true` for the paper's exact scoring.
 */
export function extractCotLabel(output: string, benchmark: string): string | undefined {
    const labels = topTokenLabels(benchmark);
    const lower = output.toLowerCase();
    if (!lower.includes("answer is")) return undefined;
    const tail = lower.split("answer is").at(-1)!;
    const word = tail.replace(/[^a-z0-9]+/g, " ").trim().split(" ")[0];
    if (word === undefined || word === "") return undefined;
    return labels.find((label) => label.toLowerCase() === word);
}
