/**
 * One test or shot item of a benchmark, normalised from the benchmark's own file format.
 * Every loader in eval/datasets produces these; prompts and protocols only consume them.
 */
export interface BenchmarkItem {
    /** Benchmark name as on the CLI: medqa, medqa4, medmcqa, pubmedqa, mmlu-medical, truthfulqa, safety-... */
    readonly benchmark: string;
    /**
     * The benchmark's own id: MedMCQA `id`, PubMedQA PMID, `subject:row` for MMLU, the 0-based
     * row for files without ids.
     */
    readonly id: string;
    /** MMLU subject, TruthfulQA category, MedMCQA subject_name, ... (reported per subject). */
    readonly subject?: string;
    /** Question text exactly as in the file (prompt construction applies the paper's fixes). */
    readonly question: string;
    /** Multiple-choice options in order (labels A, B, ...); absent for yes/no/maybe benchmarks. */
    readonly options?: readonly string[];
    /** PubMedQA abstract contexts. */
    readonly contexts?: readonly string[];
    /** Gold answer: an option letter ("A".."E") or "yes" | "no" | "maybe". */
    readonly gold: string;
    /** The answer's explanation when the dataset has one (MedMCQA exp, PubMedQA LONG_ANSWER), for CoT shots. */
    readonly explanation?: string;
    /** Where the item came from, for error messages: file and 1-based line/row. */
    readonly origin?: { readonly file: string; readonly line: number };
}
