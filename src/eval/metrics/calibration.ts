/**
 * Calibration of probability-based protocols (top-token, loglikelihood): how well the
 * probability the model puts on its chosen answer matches how often that answer is right.
 *
 * Probabilities are those over the answer labels only (renormalised to sum to 1), the way the
 * answer itself is chosen.
 */

/** Bins used by default for the expected calibration error (the usual choice, Guo et al. 2017). */
export const DEFAULT_CALIBRATION_BINS = 10;

export interface ProbabilisticOutcome {
    /** Probability of each label, over the label set (sums to 1). */
    readonly probabilities: Readonly<Record<string, number>>;
    readonly gold: string;
}

export interface CalibrationBin {
    /** Bin edges: (lower, upper], the first bin also holds exactly 0. */
    readonly lower: number;
    readonly upper: number;
    readonly count: number;
    /** Mean confidence of the items in the bin (null when empty). */
    readonly meanConfidence: number | null;
    /** Accuracy of the items in the bin (null when empty). */
    readonly accuracy: number | null;
}

export interface Calibration {
    /** Σ_b (n_b / N) · |accuracy_b − confidence_b|, equal-width bins over [0, 1]. */
    readonly expectedCalibrationError: number;
    readonly bins: readonly CalibrationBin[];
}

/**
 * Expected calibration error with `binCount` equal-width confidence bins. Confidence is the
 * highest label probability; the item is correct when that label is the gold one (ties go to
 * the first label in the record's key order, as the argmax of the protocols does).
 */
export function calibration(items: readonly ProbabilisticOutcome[], binCount = DEFAULT_CALIBRATION_BINS): Calibration {
    if (!Number.isInteger(binCount) || binCount < 1) throw new RangeError(`binCount must be a positive integer, got ${binCount}`);
    const sums = Array.from({ length: binCount }, () => ({ count: 0, confidence: 0, correct: 0 }));
    for (const item of items) {
        const { label, probability } = argmaxLabel(item.probabilities);
        // (lower, upper] bins; confidence 0 joins the first bin.
        const index = Math.min(binCount - 1, Math.max(0, Math.ceil(probability * binCount) - 1));
        const bin = sums[index]!;
        bin.count += 1;
        bin.confidence += probability;
        if (label === item.gold) bin.correct += 1;
    }
    let ece = 0;
    const bins = sums.map((bin, index) => {
        if (bin.count > 0) ece += (bin.count / items.length) * Math.abs(bin.correct / bin.count - bin.confidence / bin.count);
        return {
            lower: index / binCount,
            upper: (index + 1) / binCount,
            count: bin.count,
            meanConfidence: bin.count === 0 ? null : bin.confidence / bin.count,
            accuracy: bin.count === 0 ? null : bin.correct / bin.count
        };
    });
    return { expectedCalibrationError: ece, bins };
}

/**
 * Multi-class Brier score (Brier 1950): mean over items of Σ_k (p_k − y_k)², where y is the
 * one-hot gold label. 0 is perfect, 2 the worst; a uniform guess over 4 options scores 0.75.
 * A gold label absent from the probabilities counts as probability 0.
 */
export function brierScore(items: readonly ProbabilisticOutcome[]): number {
    if (items.length === 0) return 0;
    let total = 0;
    for (const item of items) {
        let sum = 0;
        let sawGold = false;
        for (const [label, p] of Object.entries(item.probabilities)) {
            const y = label === item.gold ? 1 : 0;
            if (y === 1) sawGold = true;
            sum += (p - y) ** 2;
        }
        if (!sawGold) sum += 1;
        total += sum;
    }
    return total / items.length;
}

/** The label with the highest probability; the first one seen wins ties. */
export function argmaxLabel(probabilities: Readonly<Record<string, number>>): { label: string | null; probability: number } {
    let label: string | null = null;
    let probability = -Infinity;
    for (const [key, p] of Object.entries(probabilities)) {
        if (p > probability) {
            label = key;
            probability = p;
        }
    }
    return { label, probability: label === null ? 0 : probability };
}
