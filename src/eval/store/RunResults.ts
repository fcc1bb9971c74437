import type { GroupAccuracy } from "../metrics/accuracy.js";
import type { ConfidenceInterval } from "../metrics/bootstrapInterval.js";
import type { CalibrationBin } from "../metrics/calibration.js";
import type { McNemarResult } from "../metrics/mcnemar.js";
import type { SeedSpread } from "../metrics/seedSpread.js";

/** Bumped when the shape of results.json or items.jsonl changes incompatibly. */
export const RUN_SCHEMA_VERSION = 1;

/** One line of items.jsonl: everything needed to audit or re-score one answer. */
export interface ItemRecord {
    readonly benchmark: string;
    readonly id: string;
    readonly seed: number;
    readonly subject?: string;
    /** sha256 of the prompt text sent (special tokens written literally). */
    readonly promptSha256: string;
    /**
     * The model's raw output: generated text (generation protocols, one string per sample for
     * sc-cot), or null for probability protocols, whose raw output is `probabilities`/`scores`.
     */
    readonly raw: string | readonly string[] | null;
    /** Extracted answer ("a".."e" / "yes" / "no" / "maybe" normalised to the gold's form) or null when invalid. */
    readonly extracted: string | null;
    readonly gold: string;
    readonly correct: boolean;
    readonly valid: boolean;
    /** Probability of each label, renormalised over the labels (top-token). */
    readonly probabilities?: Readonly<Record<string, number>>;
    /** Per option: summed log-likelihood, characters and UTF-8 bytes of the option (loglikelihood). */
    readonly scores?: readonly { readonly label: string; readonly logprob: number; readonly chars: number; readonly bytes: number }[];
    /** acc_norm / acc_bytes answers (loglikelihood). */
    readonly extractedNorm?: string;
    readonly extractedBytes?: string;
    /**
     * Why the model was not asked: the prompt does not fit the model's context. The paper's vLLM
     * ignored such prompts (empty output), so they count as invalid and wrong.
     */
    readonly skipped?: string;
    /** Each sample's extracted vote, null when unparseable (sc-cot). */
    readonly votes?: readonly (string | null)[];
}

/** Metrics of one benchmark under one seed (accuracies are fractions in [0, 1]). */
export interface SeedMetrics {
    readonly seed: number;
    readonly n: number;
    readonly accuracy: number;
    readonly accuracyOverParseable: number | null;
    readonly invalidRate: number;
    readonly confidenceInterval: ConfidenceInterval;
    readonly perSubject: readonly GroupAccuracy[];
    /** PubMedQA only. */
    readonly macroF1?: number;
    /** Probability protocols only. */
    readonly expectedCalibrationError?: number;
    readonly brierScore?: number;
    readonly calibrationBins?: readonly CalibrationBin[];
    /** loglikelihood only: lm-evaluation-harness acc_norm (character length) and the byte-length variant. */
    readonly accNorm?: number;
    readonly accBytes?: number;
}

export interface BenchmarkResult {
    readonly benchmark: string;
    /** Data files read, with their content hashes. */
    readonly files: readonly { readonly path: string; readonly sha256: string }[];
    /** Test items evaluated per seed. */
    readonly items: number;
    /** Mean and sample standard deviation over seeds of each headline metric. */
    readonly summary: {
        readonly accuracy: SeedSpread;
        readonly accuracyOverParseable: SeedSpread | null;
        readonly invalidRate: SeedSpread;
        readonly macroF1?: SeedSpread;
        readonly expectedCalibrationError?: SeedSpread;
        readonly brierScore?: SeedSpread;
        readonly accNorm?: SeedSpread;
        readonly accBytes?: SeedSpread;
        /** Per subject accuracy, mean over seeds. */
        readonly perSubject: readonly { readonly group: string; readonly n: number; readonly accuracy: SeedSpread }[];
    };
    readonly perSeed: readonly SeedMetrics[];
    /** Subjects the benchmark should have but whose files are absent (named, not silently dropped). */
    readonly missingSubjects?: readonly string[];
    /** Protocol caveats that apply to this benchmark (e.g. paper-generate never scores "maybe"). */
    readonly notes?: readonly string[];
}

/** results.json of a run directory. */
export interface RunResults {
    readonly schemaVersion: typeof RUN_SCHEMA_VERSION;
    readonly model: {
        readonly backend: string;
        readonly name: string;
        readonly source: string;
        /** sha256 of the model file (local models). */
        readonly sha256?: string;
        readonly details?: Readonly<Record<string, string | number | boolean>>;
    };
    readonly protocol: string;
    readonly seeds: readonly number[];
    /** Every setting that shaped the prompts or the decoding. */
    readonly settings: Readonly<Record<string, unknown>>;
    readonly benchmarks: readonly BenchmarkResult[];
    readonly timings: {
        readonly startedAt: string;
        readonly finishedAt: string;
        readonly wallSeconds: number;
        readonly itemsPerSecond: number;
        readonly requests: { readonly cached: number; readonly new: number };
    };
    readonly versions: { readonly meditron: string; readonly node: string; readonly nodeLlamaCpp: string | null };
}

/** A paired comparison of two runs on one benchmark (same items and seeds). */
export interface BenchmarkComparison {
    readonly benchmark: string;
    readonly pairs: number;
    readonly accuracyA: number;
    readonly accuracyB: number;
    /** accuracyB − accuracyA. */
    readonly difference: number;
    readonly mcnemar: McNemarResult;
}
