import { readFileSync } from "node:fs";
import { UserError } from "../../util/errors.js";
import { hashedTextFeatures } from "./hashedTextFeatures.js";
import { textFeatures } from "./textFeatures.js";

/** The default classifier's JSON weights, written by src/safety/train/trainHarmClassifier.ts. */
export interface HarmClassifierWeights {
    readonly format: "meditron-harm-classifier-v1";
    /** Logistic-regression bias. */
    readonly bias: number;
    /** Probability at or above which a message is flagged (chosen by cross-validation on training data). */
    readonly threshold: number;
    /** Higher threshold for messages outside the medical domain the classifier was mostly trained on. */
    readonly generalThreshold: number;
    readonly weights: Readonly<Record<string, number>>;
    /** How it was trained (data, sizes, cross-validated figures), for the docs and reviewers. */
    readonly training: Readonly<Record<string, unknown>>;
}

/** The opt-in broad classifier's JSON weights, written by src/safety/train/trainBroadHarmClassifier.ts. */
export interface BroadHarmClassifierWeights {
    readonly format: "meditron-harm-classifier-v2";
    /** Features are hashed into 2^hashBits buckets. */
    readonly hashBits: number;
    readonly bias: number;
    /** Weight of bucket i = int16 value i × weightScale. */
    readonly weightScale: number;
    /** 2^hashBits little-endian int16 weights, base64 (keeps the file small and exact). */
    readonly weights: string;
    /** Threshold for messages in the medical domain (calibrated on held-out data). */
    readonly threshold: number;
    /** Threshold for messages outside the medical domain (calibrated on held-out general sentences). */
    readonly generalThreshold: number;
    readonly training: Readonly<Record<string, unknown>>;
}

export type AnyHarmClassifierWeights = HarmClassifierWeights | BroadHarmClassifierWeights;

/**
 * Logistic regression that scores how likely a message is a harmful request. Two shipped models:
 * the default (word uni/bigrams, mostly medical-ethics data) and the opt-in broad one (hashed word
 * uni/bigrams + character 3-5-grams, trained on a large general harm grammar as well). Neither
 * ever sees emergency vignettes or any evaluation set.
 */
export class HarmClassifier {
    private readonly score: (text: string) => number;

    constructor(readonly model: AnyHarmClassifierWeights) {
        if (model.format === "meditron-harm-classifier-v2") {
            const bytes = Buffer.from(model.weights, "base64");
            const size = 2 ** model.hashBits;
            if (bytes.length !== size * 2) {
                throw new UserError("harm classifier weights have the wrong size", { expected: `${size * 2} bytes (2^${model.hashBits} int16 weights)`, found: `${bytes.length} bytes`, fix: "retrain with src/safety/train/trainBroadHarmClassifier.ts" });
            }
            const vector = new Float32Array(size);
            for (let i = 0; i < size; i++) vector[i] = bytes.readInt16LE(i * 2) * model.weightScale;
            this.score = (text) => {
                const { indices, values } = hashedTextFeatures(text, model.hashBits);
                let z = model.bias;
                for (let i = 0; i < indices.length; i++) z += vector[indices[i]!]! * values[i]!;
                return z;
            };
        } else {
            this.score = (text) => {
                let z = model.bias;
                for (const feature of textFeatures(text)) z += model.weights[feature] ?? 0;
                return z;
            };
        }
    }

    static fromFile(file: string): HarmClassifier {
        let parsed: unknown;
        try {
            parsed = JSON.parse(readFileSync(file, "utf8"));
        } catch (error) {
            throw new UserError(`cannot read the harm classifier weights ${file}`, { expected: "a JSON file written by the trainer", found: String(error), fix: "run `npx tsx src/safety/train/trainHarmClassifier.ts`" });
        }
        const model = parsed as { format?: unknown; bias?: unknown; threshold?: unknown; generalThreshold?: unknown; weights?: unknown; hashBits?: unknown; weightScale?: unknown };
        const common = typeof model.bias === "number" && typeof model.threshold === "number" && typeof model.generalThreshold === "number";
        const v1 = model.format === "meditron-harm-classifier-v1" && typeof model.weights === "object";
        const v2 = model.format === "meditron-harm-classifier-v2" && typeof model.weights === "string" && typeof model.hashBits === "number" && typeof model.weightScale === "number";
        if (!common || !(v1 || v2)) {
            throw new UserError(`invalid harm classifier weights ${file}`, { expected: 'format "meditron-harm-classifier-v1" or "-v2" with bias, thresholds and weights', found: String(model.format), fix: "retrain with src/safety/train/trainHarmClassifier.ts (or trainBroadHarmClassifier.ts)" });
        }
        return new HarmClassifier(parsed as AnyHarmClassifierWeights);
    }

    /** Probability (0..1) that `text` is a harmful request. */
    probability(text: string): number {
        return 1 / (1 + Math.exp(-this.score(text)));
    }

    /** Whether `text` is flagged; `medicalDomain` selects the threshold. */
    isHarmful(text: string, medicalDomain: boolean): boolean {
        return this.probability(text) >= (medicalDomain ? this.model.threshold : this.model.generalThreshold);
    }
}
