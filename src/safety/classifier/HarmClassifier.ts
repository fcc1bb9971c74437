import { readFileSync } from "node:fs";
import { UserError } from "../../util/errors.js";
import { textFeatures } from "./textFeatures.js";

/** The JSON weights file written by src/safety/train/trainHarmClassifier.ts. */
export interface HarmClassifierWeights {
    readonly format: "meditron-harm-classifier-v2";
    /** Features are hashed into 2^hashBits buckets. */
    readonly hashBits: number;
    /** Logistic-regression bias. */
    readonly bias: number;
    /** Weight of bucket i = int16 value i × weightScale. */
    readonly weightScale: number;
    /** 2^hashBits little-endian int16 weights, base64 (keeps the file small and exact). */
    readonly weights: string;
    /** Probability at or above which a message in the medical domain is flagged (calibrated on held-out data). */
    readonly threshold: number;
    /** Threshold for messages outside the medical domain (calibrated on held-out general sentences). */
    readonly generalThreshold: number;
    /** How it was trained (data, sizes, held-out figures), for the docs and reviewers. */
    readonly training: Readonly<Record<string, unknown>>;
}

/**
 * Logistic regression over hashed word uni/bigrams and character 3-5-grams that scores how
 * likely a message is a harmful request. It carries the breadth the refusal rules cannot; it
 * never sees emergency vignettes or any evaluation set.
 */
export class HarmClassifier {
    private readonly weightVector: Float32Array;

    constructor(readonly model: HarmClassifierWeights) {
        const bytes = Buffer.from(model.weights, "base64");
        const size = 2 ** model.hashBits;
        if (bytes.length !== size * 2) {
            throw new UserError("harm classifier weights have the wrong size", { expected: `${size * 2} bytes (2^${model.hashBits} int16 weights)`, found: `${bytes.length} bytes`, fix: "retrain with src/safety/train/trainHarmClassifier.ts" });
        }
        this.weightVector = new Float32Array(size);
        for (let i = 0; i < size; i++) this.weightVector[i] = bytes.readInt16LE(i * 2) * model.weightScale;
    }

    static fromFile(file: string): HarmClassifier {
        let parsed: unknown;
        try {
            parsed = JSON.parse(readFileSync(file, "utf8"));
        } catch (error) {
            throw new UserError(`cannot read the harm classifier weights ${file}`, { expected: "a JSON file written by the trainer", found: String(error), fix: "run `npx tsx src/safety/train/trainHarmClassifier.ts`" });
        }
        const model = parsed as Partial<HarmClassifierWeights>;
        if (model.format !== "meditron-harm-classifier-v2" || typeof model.hashBits !== "number" || typeof model.bias !== "number" || typeof model.weightScale !== "number"
            || typeof model.threshold !== "number" || typeof model.generalThreshold !== "number" || typeof model.weights !== "string") {
            throw new UserError(`invalid harm classifier weights ${file}`, { expected: 'format "meditron-harm-classifier-v2" with hashBits, bias, weightScale, weights and thresholds', found: String(model.format), fix: "retrain with src/safety/train/trainHarmClassifier.ts" });
        }
        return new HarmClassifier(model as HarmClassifierWeights);
    }

    /** Probability (0..1) that `text` is a harmful request. */
    probability(text: string): number {
        const { indices, values } = textFeatures(text, this.model.hashBits);
        let z = this.model.bias;
        for (let i = 0; i < indices.length; i++) z += this.weightVector[indices[i]!]! * values[i]!;
        return 1 / (1 + Math.exp(-z));
    }

    /** Whether `text` is flagged; `medicalDomain` selects the threshold. */
    isHarmful(text: string, medicalDomain: boolean): boolean {
        return this.probability(text) >= (medicalDomain ? this.model.threshold : this.model.generalThreshold);
    }
}
