import { readFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "../../util/errors.js";
import { hashedTextFeatures } from "./hashedTextFeatures.js";
import { SemanticClasses } from "./SemanticClasses.js";

/** A harm classifier's JSON weights, written by src/safety/train/trainHarmClassifier.ts. */
export interface HarmClassifierWeights {
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
    /** Trained with WordNet class features (data/safety/lexicon/semantic-classes.json); absent = false. */
    readonly semanticFeatures?: boolean;
    /**
     * Below this probability the classifier overrules a refusal rule (except the categories that
     * context.yaml `neverOverruled` lists): the rules match words, the classifier was trained on
     * thousands of benign look-alikes of those words. Absent = never.
     */
    readonly vetoThreshold?: number;
    readonly training: Readonly<Record<string, unknown>>;
}

/**
 * Logistic regression that scores how likely a message is a harmful request, over hashed word
 * uni/bigrams, character 3-5-grams and (when trained with them) WordNet classes. The shipped
 * weights are trained on hand-written natural requests in many voices, MedSafetyBench's train
 * split and medical templates (src/safety/train/trainHarmClassifier.ts); no evaluation set is read.
 */
export class HarmClassifier {
    private readonly vector: Float32Array;
    private readonly classes: SemanticClasses | undefined;

    /** `semantic` is required for weights trained with `semanticFeatures` (fromFile loads it). */
    constructor(readonly model: HarmClassifierWeights, semantic?: SemanticClasses) {
        if (model.semanticFeatures === true && semantic === undefined) {
            throw new UserError("these harm classifier weights need the WordNet semantic classes", { expected: "a SemanticClasses instance (data/safety/lexicon/semantic-classes.json)", found: "none", fix: "load the classifier with HarmClassifier.fromFile, or pass SemanticClasses.fromFile(...)" });
        }
        this.classes = model.semanticFeatures === true ? semantic : undefined;
        const bytes = Buffer.from(model.weights, "base64");
        const size = 2 ** model.hashBits;
        if (bytes.length !== size * 2) {
            throw new UserError("harm classifier weights have the wrong size", { expected: `${size * 2} bytes (2^${model.hashBits} int16 weights)`, found: `${bytes.length} bytes`, fix: "retrain with src/safety/train/trainHarmClassifier.ts" });
        }
        this.vector = new Float32Array(size);
        for (let i = 0; i < size; i++) this.vector[i] = bytes.readInt16LE(i * 2) * model.weightScale;
    }

    static fromFile(file: string): HarmClassifier {
        let parsed: unknown;
        try {
            parsed = JSON.parse(readFileSync(file, "utf8"));
        } catch (error) {
            throw new UserError(`cannot read the harm classifier weights ${file}`, { expected: "a JSON file written by the trainer", found: String(error), fix: "reinstall meditron or run `npx tsx src/safety/train/trainHarmClassifier.ts`" });
        }
        const model = parsed as Partial<Record<keyof HarmClassifierWeights, unknown>>;
        const valid = model.format === "meditron-harm-classifier-v2" && typeof model.bias === "number" && typeof model.threshold === "number" && typeof model.generalThreshold === "number"
            && typeof model.weights === "string" && typeof model.hashBits === "number" && typeof model.weightScale === "number";
        if (!valid) {
            throw new UserError(`invalid harm classifier weights ${file}`, { expected: 'format "meditron-harm-classifier-v2" with bias, thresholds, hashBits, weightScale and base64 weights', found: `format ${String(model.format)}`, fix: "retrain with `npx tsx src/safety/train/trainHarmClassifier.ts`" });
        }
        const weights = parsed as HarmClassifierWeights;
        // The semantic classes ship beside the weights: data/safety/lexicon/ next to data/safety/models/.
        const semantic = weights.semanticFeatures === true ? SemanticClasses.fromFile(path.join(path.dirname(file), "..", "lexicon", "semantic-classes.json")) : undefined;
        return new HarmClassifier(weights, semantic);
    }

    /** Probability (0..1) that `text` is a harmful request. */
    probability(text: string): number {
        const { indices, values } = hashedTextFeatures(text, this.model.hashBits, this.classes);
        let z = this.model.bias;
        for (let i = 0; i < indices.length; i++) z += this.vector[indices[i]!]! * values[i]!;
        return 1 / (1 + Math.exp(-z));
    }

    /** The probability below which a refusal rule is overruled, or null when these weights never overrule. */
    get vetoThreshold(): number | null {
        return typeof this.model.vetoThreshold === "number" ? this.model.vetoThreshold : null;
    }
}
