/**
 * The benchmarks of the MediTron paper: what each one reads from a data directory laid out like
 * the official releases (the layout of ../shared/data/benchmarks), where users get the files,
 * and where its few-shot demonstrations come from.
 */
export type BenchmarkName = "medqa" | "medqa4" | "medmcqa" | "pubmedqa" | "mmlu-medical" | "truthfulqa";

export const BENCHMARK_NAMES: readonly BenchmarkName[] = ["medqa", "medqa4", "medmcqa", "pubmedqa", "mmlu-medical", "truthfulqa"];

/** A file a benchmark reads, relative to the data directory. */
export interface BenchmarkFile {
    readonly path: string;
    /** test: the evaluated split; train: the default shot pool; metadata: joined onto test items. */
    readonly role: "test" | "train" | "metadata";
    /** For MMLU: the subject this file holds. */
    readonly subject?: string;
    /** Optional files do not make the benchmark "missing" (MMLU chemistry dev files). */
    readonly optional?: boolean;
}

export interface BenchmarkSpec {
    readonly name: BenchmarkName;
    readonly description: string;
    /** Gold labels: option letters or PubMedQA's yes/no/maybe. */
    readonly answerKind: "letter" | "yes-no-maybe";
    /** Number of options for letter benchmarks. */
    readonly optionCount?: number;
    readonly files: readonly BenchmarkFile[];
    /** Where to obtain the files (URLs and instructions). */
    readonly obtain: string;
    /** Where shots come from by default, in words. */
    readonly shotSource: string;
    /** Test items when every file is present (the official split sizes). */
    readonly itemCount: number;
    /** Subjects or categories results are reported on (MMLU subjects, TruthfulQA categories). */
    readonly reportedSubjects?: readonly string[];
}

/** The paper's nine MMLU-Medical subjects, in the order its code loads them (chemistry dropped). */
export const MMLU_MEDICAL_SUBJECTS: readonly string[] = [
    "anatomy",
    "college_biology",
    "college_medicine",
    "professional_medicine",
    "medical_genetics",
    "virology",
    "clinical_knowledge",
    "high_school_biology",
    "nutrition"
];

/**
 * The paper's code loads eleven MMLU subsets for both splits and only drops the two chemistry
 * subjects when scoring, so its few-shot pool (the `train` split of `lukaemon/mmlu`, which
 * serves the 5-row dev CSVs) has 55 rows in this order. Their dev files are optional: without
 * them the pool is the 45 medical dev rows and demonstrations differ from the paper's.
 */
export const MMLU_SHOT_SUBJECTS: readonly string[] = [
    "anatomy",
    "college_biology",
    "college_medicine",
    "professional_medicine",
    "medical_genetics",
    "virology",
    "clinical_knowledge",
    "high_school_biology",
    "high_school_chemistry",
    "nutrition",
    "college_chemistry"
];

const MMLU_OBTAIN =
    "MMLU release data.tar from https://people.eecs.berkeley.edu/~hendrycks/data.tar (github.com/hendrycks/test); extract data/test and data/dev into <data>/mmlu/";

export const BENCHMARKS: Readonly<Record<BenchmarkName, BenchmarkSpec>> = {
    medqa: {
        name: "medqa",
        description: "MedQA-USMLE, 5 options (A-E), official US test split",
        answerKind: "letter",
        optionCount: 5,
        files: [
            { path: "medqa/questions/US/test.jsonl", role: "test" },
            { path: "medqa/questions/US/train.jsonl", role: "train", optional: true }
        ],
        obtain: "MedQA data_clean.zip (Google Drive link in https://github.com/jind11/MedQA), questions/US/ into <data>/medqa/questions/US/",
        shotSource: "MedQA train (questions/US/train.jsonl, 10,178 rows) if present; else --shots-from FILE (e.g. questions/US/dev.jsonl) or --shots-from test-excluding-item",
        itemCount: 1273
    },
    medqa4: {
        name: "medqa4",
        description: "MedQA-USMLE, 4 options (A-D), official US test split; the paper keeps the 'A to E' MedQA instruction",
        answerKind: "letter",
        optionCount: 4,
        files: [
            { path: "medqa/questions/US/4_options/phrases_no_exclude_test.jsonl", role: "test" },
            { path: "medqa/questions/US/4_options/phrases_no_exclude_train.jsonl", role: "train", optional: true }
        ],
        obtain:
            "MedQA data_clean.zip (Google Drive link in https://github.com/jind11/MedQA), questions/US/4_options/ into <data>/medqa/questions/US/4_options/; the 4-option train split is also HF GBaker/MedQA-USMLE-4-options",
        shotSource:
            "MedQA 4-option train (phrases_no_exclude_train.jsonl) if present; else --shots-from FILE (e.g. 4_options/phrases_no_exclude_dev.jsonl) or --shots-from test-excluding-item",
        itemCount: 1273
    },
    medmcqa: {
        name: "medmcqa",
        description: "MedMCQA dev split (the split papers evaluate on), 4 options, cop 1-based in the official file",
        answerKind: "letter",
        optionCount: 4,
        files: [
            { path: "medmcqa/dev.json", role: "test" },
            { path: "medmcqa/train.json", role: "train", optional: true }
        ],
        obtain: "MedMCQA data zip (Google Drive link in https://github.com/medmcqa/medmcqa): dev.json and train.json into <data>/medmcqa/",
        shotSource: "MedMCQA train.json (182,822 rows) if present; else --shots-from FILE (MedMCQA JSON lines) or --shots-from test-excluding-item",
        itemCount: 4183
    },
    pubmedqa: {
        name: "pubmedqa",
        description: "PubMedQA PQA-L, the 500 official test PMIDs (yes/no/maybe)",
        answerKind: "yes-no-maybe",
        files: [
            { path: "pubmedqa/test_ground_truth.json", role: "test" },
            { path: "pubmedqa/ori_pqal.json", role: "test" }
        ],
        obtain: "https://github.com/pubmedqa/pubmedqa data/ori_pqal.json and data/test_ground_truth.json into <data>/pubmedqa/",
        shotSource: "the other 500 PQA-L items (ori_pqal.json PMIDs not in the test set), in file order",
        itemCount: 500
    },
    "mmlu-medical": {
        name: "mmlu-medical",
        description: "MMLU-Medical: the paper's 9 MMLU subjects (test split), reported per subject",
        answerKind: "letter",
        optionCount: 4,
        files: [
            ...MMLU_MEDICAL_SUBJECTS.map((subject): BenchmarkFile => ({ path: `mmlu/test/${subject}_test.csv`, role: "test", subject })),
            ...MMLU_SHOT_SUBJECTS.map(
                (subject): BenchmarkFile => ({ path: `mmlu/dev/${subject}_dev.csv`, role: "train", subject, optional: true })
            )
        ],
        obtain: MMLU_OBTAIN,
        shotSource:
            "the MMLU dev CSVs (5 rows per subject) of the 11 subsets the paper's code loads, chemistry included; missing dev files are left out of the pool",
        itemCount: 1871,
        reportedSubjects: MMLU_MEDICAL_SUBJECTS
    },
    truthfulqa: {
        name: "truthfulqa",
        description: "TruthfulQA MC1 converted to 4 options as in the paper (gold + 3 seeded distractors), reported on Health, Nutrition, Psychology, Science",
        answerKind: "letter",
        optionCount: 4,
        files: [
            { path: "truthfulqa/mc_task.json", role: "test" },
            { path: "truthfulqa/TruthfulQA.csv", role: "metadata" }
        ],
        obtain:
            "https://github.com/sylinrl/TruthfulQA: data/v0/mc_task.json and data/v0/TruthfulQA.csv (the version HF truthful_qa uses) into <data>/truthfulqa/",
        shotSource: "none in the paper's code (no train split): --shots-from FILE (mc_task.json format) or --shots-from test-excluding-item",
        itemCount: 817,
        reportedSubjects: ["Health", "Nutrition", "Psychology", "Science"]
    }
};

/** Looks a benchmark up by CLI name; undefined when unknown. */
export function findBenchmark(name: string): BenchmarkSpec | undefined {
    return (BENCHMARK_NAMES as readonly string[]).includes(name) ? BENCHMARKS[name as BenchmarkName] : undefined;
}
