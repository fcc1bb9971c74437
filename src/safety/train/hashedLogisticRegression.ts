import type { FeatureVector } from "../classifier/hashedTextFeatures.js";

/** A trained model over hashed features: bias and one weight per bucket. */
export interface HashedLogisticModel {
    bias: number;
    weights: Float64Array;
}

/**
 * Trains a binary logistic regression on hashed sparse features with full-batch Adam and L2
 * regularisation (class-balanced loss). Full batch and a fixed order make it deterministic.
 */
export function trainHashedLogisticRegression(
    examples: readonly { readonly features: FeatureVector; readonly label: 0 | 1 }[],
    dimensions: number,
    options: { epochs?: number; learningRate?: number; l2?: number } = {}
): HashedLogisticModel {
    const { epochs = 300, learningRate = 0.2, l2 = 1e-6 } = options;
    // Class weights balance harmful and benign so neither dominates the loss.
    const positives = examples.filter((e) => e.label === 1).length;
    const positiveWeight = examples.length / (2 * Math.max(1, positives));
    const negativeWeight = examples.length / (2 * Math.max(1, examples.length - positives));

    const w = new Float64Array(dimensions);
    const grad = new Float64Array(dimensions);
    const m = new Float64Array(dimensions + 1);
    const v = new Float64Array(dimensions + 1);
    let bias = 0;
    const beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    for (let epoch = 1; epoch <= epochs; epoch++) {
        grad.fill(0);
        let biasGrad = 0;
        for (const { features, label } of examples) {
            let z = bias;
            for (let k = 0; k < features.indices.length; k++) z += w[features.indices[k]!]! * features.values[k]!;
            const error = (1 / (1 + Math.exp(-z)) - label) * (label === 1 ? positiveWeight : negativeWeight);
            for (let k = 0; k < features.indices.length; k++) grad[features.indices[k]!]! += error * features.values[k]!;
            biasGrad += error;
        }
        const correction1 = 1 - beta1 ** epoch, correction2 = 1 - beta2 ** epoch;
        for (let i = 0; i <= dimensions; i++) {
            const isBias = i === dimensions;
            const current = isBias ? bias : w[i]!;
            const g = (isBias ? biasGrad : grad[i]!) / examples.length + (isBias ? 0 : l2 * current);
            if (g === 0 && m[i] === 0) continue; // untouched bucket: nothing to update
            m[i] = beta1 * m[i]! + (1 - beta1) * g;
            v[i] = beta2 * v[i]! + (1 - beta2) * g * g;
            const step = (learningRate * (m[i]! / correction1)) / (Math.sqrt(v[i]! / correction2) + eps);
            if (isBias) bias -= step;
            else w[i] = current - step;
        }
    }
    return { bias, weights: w };
}

/** Probability under a trained model. */
export function predictHashedProbability(model: HashedLogisticModel, features: FeatureVector): number {
    let z = model.bias;
    for (let k = 0; k < features.indices.length; k++) z += model.weights[features.indices[k]!]! * features.values[k]!;
    return 1 / (1 + Math.exp(-z));
}
