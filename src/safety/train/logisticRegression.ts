/**
 * Trains a binary logistic regression on sparse binary features with Adam and L2 regularisation
 * (full batch; the training sets are a few thousand sentences).
 */
export function trainLogisticRegression(
    examples: readonly { readonly features: readonly string[]; readonly label: 0 | 1 }[],
    options: { epochs?: number; learningRate?: number; l2?: number; minCount?: number } = {}
): { bias: number; weights: Map<string, number> } {
    const { epochs = 300, learningRate = 0.05, l2 = 1e-4, minCount = 2 } = options;
    const counts = new Map<string, number>();
    for (const e of examples) for (const f of e.features) counts.set(f, (counts.get(f) ?? 0) + 1);
    const vocabulary = [...counts].filter(([, c]) => c >= minCount).map(([f]) => f);
    const index = new Map(vocabulary.map((f, i) => [f, i]));
    const rows = examples.map((e) => ({ ids: e.features.flatMap((f) => { const i = index.get(f); return i === undefined ? [] : [i]; }), label: e.label }));
    // Class weights balance harmful and benign so neither dominates the loss.
    const positives = rows.filter((r) => r.label === 1).length;
    const weightOf = (label: number): number => (label === 1 ? rows.length / (2 * Math.max(1, positives)) : rows.length / (2 * Math.max(1, rows.length - positives)));

    const w = new Float64Array(vocabulary.length);
    const m = new Float64Array(vocabulary.length + 1);
    const v = new Float64Array(vocabulary.length + 1);
    let bias = 0;
    const beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    for (let epoch = 1; epoch <= epochs; epoch++) {
        const grad = new Float64Array(vocabulary.length + 1);
        for (const row of rows) {
            let z = bias;
            for (const i of row.ids) z += w[i] ?? 0;
            const error = (1 / (1 + Math.exp(-z)) - row.label) * weightOf(row.label);
            for (const i of row.ids) grad[i] = (grad[i] ?? 0) + error;
            grad[vocabulary.length] = (grad[vocabulary.length] ?? 0) + error;
        }
        for (let i = 0; i <= vocabulary.length; i++) {
            const isBias = i === vocabulary.length;
            const current = isBias ? bias : (w[i] ?? 0);
            const g = (grad[i] ?? 0) / rows.length + (isBias ? 0 : l2 * current);
            m[i] = beta1 * (m[i] ?? 0) + (1 - beta1) * g;
            v[i] = beta2 * (v[i] ?? 0) + (1 - beta2) * g * g;
            const step = (learningRate * (m[i]! / (1 - beta1 ** epoch))) / (Math.sqrt(v[i]! / (1 - beta2 ** epoch)) + eps);
            if (isBias) bias -= step;
            else w[i] = current - step;
        }
    }
    return { bias, weights: new Map(vocabulary.map((f, i) => [f, w[i] ?? 0])) };
}

/** Probability under a trained model. */
export function predictProbability(model: { bias: number; weights: Map<string, number> }, features: readonly string[]): number {
    let z = model.bias;
    for (const f of features) z += model.weights.get(f) ?? 0;
    return 1 / (1 + Math.exp(-z));
}
