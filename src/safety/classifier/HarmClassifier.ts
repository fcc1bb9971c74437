import { readFileSync } from "node:fs";
import { UserError } from "../../util/errors.js";
import { textFeatures } from "./textFeatures.js";

/** The JSON weights file written by src/safety/train/trainHarmClassifier.ts. */
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

/**
 * Logistic regression over word uni/bigrams that scores how likely a message is a harmful
 * request. It backs up the refusal rules for wording they do not cover; it never sees emergency
 * vignettes or any evaluation set.
 */
export class HarmClassifier {
    constructor(readonly model: HarmClassifierWeights) {}

    static fromFile(file: string): HarmClassifier {
        let parsed: unknown;
        try {
            parsed = JSON.parse(readFileSync(file, "utf8"));
        } catch (error) {
            throw new UserError(`cannot read the harm classifier weights ${file}`, { expected: "a JSON file written by the trainer", found: String(error), fix: "run `npx tsx src/safety/train/trainHarmClassifier.ts`" });
        }
        const model = parsed as Partial<HarmClassifierWeights>;
        if (model.format !== "meditron-harm-classifier-v1" || typeof model.bias !== "number" || typeof model.threshold !== "number" || typeof model.generalThreshold !== "number" || typeof model.weights !== "object") {
            throw new UserError(`invalid harm classifier weights ${file}`, { expected: 'format "meditron-harm-classifier-v1" with bias, threshold and weights', found: String(model.format), fix: "retrain with src/safety/train/trainHarmClassifier.ts" });
        }
        return new HarmClassifier(model as HarmClassifierWeights);
    }

    /** Probability (0..1) that `text` is a harmful request. */
    probability(text: string): number {
        let z = this.model.bias;
        for (const feature of textFeatures(text)) z += this.model.weights[feature] ?? 0;
        return 1 / (1 + Math.exp(-z));
    }

    /** Whether `text` is flagged; `medicalDomain` selects the threshold. */
    isHarmful(text: string, medicalDomain: boolean): boolean {
        return this.probability(text) >= (medicalDomain ? this.model.threshold : this.model.generalThreshold);
    }
}
