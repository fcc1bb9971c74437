import type { ExamInstructionKey } from "./examInstructions.js";

/** Benchmarks whose exam prompts this module builds (the CLI names). */
export type ExamBenchmark = "medqa" | "medqa4" | "medmcqa" | "pubmedqa" | "mmlu-medical" | "truthfulqa";

/**
 * The instruction each benchmark uses in the paper's code (inference.py `INSTRUCTIONS`):
 * MedQA-4 keeps the MedQA text ("select one correct answer from A to E") and MMLU-Medical uses
 * the MedMCQA one.
 */
export const EXAM_INSTRUCTION_KEY: Readonly<Record<ExamBenchmark, { readonly plain: ExamInstructionKey; readonly cot?: ExamInstructionKey }>> = {
    medqa: { plain: "medqa", cot: "medqa_cot" },
    medqa4: { plain: "medqa", cot: "medqa_cot" },
    medmcqa: { plain: "medmcqa", cot: "medmcqa_cot" },
    "mmlu-medical": { plain: "medmcqa", cot: "medmcqa_cot" },
    pubmedqa: { plain: "pubmedqa", cot: "pubmedqa_cot" },
    // The released truthfulqa_cot instruction has an empty system text and no documented user
    // line, so CoT prompts are not built for TruthfulQA.
    truthfulqa: { plain: "truthfulqa" }
};

/** The question/answer shape prompts are built from (eval's BenchmarkItem satisfies it). */
export interface ExamQuestion {
    readonly question: string;
    /** Options in order (labels A, B, ...); absent for PubMedQA. */
    readonly options?: readonly string[];
    /** PubMedQA abstract contexts. */
    readonly contexts?: readonly string[];
    /** Gold label (letter or yes/no/maybe), written after "The answer is:" in demonstrations. */
    readonly gold: string;
}
