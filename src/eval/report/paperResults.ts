/**
 * The MediTron paper's published numbers (Chen et al. 2023, "MEDITRON-70B"), accuracy in %,
 * copied from the paper's tables (see docs/evaluation.md). Shown beside our runs for reference
 * only: they come from other hardware, other software and, for Table 5, fine-tuned weights.
 */

/** Report columns in the paper's order, with the benchmark name each comes from. */
export const PAPER_COLUMNS = [
    { benchmark: "mmlu-medical", title: "MMLU-Med" },
    { benchmark: "pubmedqa", title: "PubMedQA" },
    { benchmark: "medmcqa", title: "MedMCQA" },
    { benchmark: "medqa", title: "MedQA" },
    { benchmark: "medqa4", title: "MedQA-4" }
] as const;

export interface PaperRow {
    readonly model: string;
    /** Per benchmark: mean and (Table 4 only) the ± reported over 3 seeds. */
    readonly scores: Readonly<Record<string, { readonly mean: number; readonly pm?: number }>>;
    readonly average: number;
}

function row(model: string, values: readonly (readonly [number, number?])[], average: number): PaperRow {
    const scores: Record<string, { mean: number; pm?: number }> = {};
    PAPER_COLUMNS.forEach((column, i) => {
        const [mean, pm] = values[i]!;
        scores[column.benchmark] = pm === undefined ? { mean } : { mean, pm };
    });
    return { model, scores, average };
}

/** Table 4: pretrained models, in-context learning (7B 3-shot, 70B 5-shot), top-token, mean ± over seeds 1234, 432, 32. */
export const PAPER_TABLE_4: readonly PaperRow[] = [
    row("Llama-2-7B", [[41.4, 0.24], [49.1, 51.1], [37.9, 1.16], [29.1, 0.9], [35.4, 4.27]], 38.6),
    row("MediTron-7B", [[42.3, 2.37], [69.3, 15.1], [36.3, 1.38], [28.7, 0.81], [37.4, 3.27]], 42.8),
    row("Llama-2-70B", [[71.3, 0.87], [72.8, 7.34], [52.4, 0.21], [49.0, 0.85], [58.4, 0.95]], 60.8),
    row("MediTron-70B", [[71.5, 0.67], [79.8, 0.46], [53.3, 0.51], [52.0, 1.21], [59.8, 0.24]], 63.3)
];

/** Table 5: task-finetuned models (one fine-tuned model per benchmark), by decoding mode. */
export const PAPER_TABLE_5: readonly PaperRow[] = [
    row("Llama-2-7B (finetuned, top-token)", [[56.3], [61.8], [54.4], [44.0], [49.6]], 53.2),
    row("MediTron-7B (finetuned, top-token)", [[55.6], [74.4], [59.2], [47.9], [52.0]], 57.5),
    row("Llama-2-70B (finetuned, top-token)", [[74.7], [78.0], [62.7], [59.2], [61.3]], 67.2),
    row("MediTron-70B (finetuned, top-token)", [[73.6], [80.0], [65.1], [60.7], [65.4]], 69.0),
    row("Llama-2-70B (finetuned, CoT)", [[76.7], [79.8], [62.1], [60.8], [63.9]], 68.7),
    row("MediTron-70B (finetuned, CoT)", [[74.9], [81.0], [63.2], [61.5], [67.8]], 69.7),
    row("Llama-2-70B (finetuned, SC-CoT)", [[77.9], [80.0], [62.6], [61.5], [63.8]], 69.2),
    row("MediTron-70B (finetuned, SC-CoT)", [[77.6], [81.6], [66.0], [64.4], [70.2]], 72.0)
];

/** MMLU-Medical subjects in the paper's Table 12 column order, with its column titles. */
export const MMLU_SUBJECT_COLUMNS = [
    { subject: "anatomy", title: "Anatomy" },
    { subject: "college_biology", title: "C-Bio" },
    { subject: "college_medicine", title: "C-Med" },
    { subject: "professional_medicine", title: "Pro-Med" },
    { subject: "medical_genetics", title: "Genetics" },
    { subject: "virology", title: "Virology" },
    { subject: "clinical_knowledge", title: "Clinical-KG" },
    { subject: "high_school_biology", title: "H-Bio" },
    { subject: "nutrition", title: "Nutrition" }
] as const;

/** Table 12 (task-finetuned, top-token): MMLU-Medical accuracy per subject, in {@link MMLU_SUBJECT_COLUMNS} order. */
export const PAPER_TABLE_12_TOP_TOKEN: readonly { readonly model: string; readonly values: readonly number[] }[] = [
    { model: "Llama-2-7B (finetuned)", values: [48.5, 53.1, 50.0, 53.5, 71.8, 41.2, 59.8, 62.5, 61.3] },
    { model: "MediTron-7B (finetuned)", values: [49.3, 53.8, 44.8, 55.4, 64.6, 38.2, 57.2, 62.5, 63.6] },
    { model: "Llama-2-70B (finetuned)", values: [59.7, 82.5, 66.8, 74.5, 77.8, 57.0, 76.1, 86.7, 77.7] },
    { model: "MediTron-70B (finetuned)", values: [62.7, 82.5, 62.8, 77.9, 77.8, 50.0, 72.3, 86.4, 76.4] }
];

/** TruthfulQA categories the paper reports (Table 13), in its order. */
export const TRUTHFULQA_CATEGORIES = ["Health", "Nutrition", "Psychology", "Science"] as const;

/** Table 13: TruthfulQA medical categories, top-token (7B 1-shot, 70B 0-shot). */
export const PAPER_TABLE_13: readonly { readonly model: string; readonly values: readonly number[]; readonly average: number }[] = [
    { model: "Llama-2-7B", values: [16.4, 12.5, 10.5, 11.1], average: 12.6 },
    { model: "MediTron-7B", values: [27.3, 31.3, 21.1, 33.3], average: 28.3 },
    { model: "Llama-2-70B", values: [69.1, 68.8, 36.8, 44.4], average: 54.8 },
    { model: "MediTron-70B", values: [81.8, 77.9, 47.4, 77.8], average: 71.2 }
];

/** Maps a subject as a dataset may spell it ("Clinical Knowledge", "clinical-knowledge") to its id. */
export function normalizeSubject(subject: string): string {
    return subject.trim().toLowerCase().replace(/[\s-]+/g, "_");
}
