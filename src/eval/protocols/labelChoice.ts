import type { ItemRecord } from "../store/RunResults.js";
import { baseRecord, type PreparedItem } from "./Protocol.js";

/**
 * Helpers of the probability protocols (top-token, loglikelihood), which answer a multiple-choice
 * item by picking the label with the highest score instead of parsing generated text.
 */

/** Index of the largest finite value, first on ties (np.argmax); -1 when none is finite. */
export function argmax(values: readonly number[]): number {
    let best = -1;
    for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i]) && (best === -1 || values[i]! > values[best]!)) best = i;
    return best;
}

/**
 * Each label's probability, renormalised over the labels from non-negative weights (every
 * probability 0 when the weights sum to 0); `total` is that sum.
 */
export function labelProbabilities(labels: readonly string[], weights: readonly number[]): { probabilities: Record<string, number>; total: number } {
    const total = weights.reduce((a, b) => a + b, 0);
    const probabilities: Record<string, number> = {};
    labels.forEach((label, i) => (probabilities[label] = total > 0 ? weights[i]! / total : 0));
    return { probabilities, total };
}

/** The record of an item answered by picking `extracted` (null when there was no valid pick); no raw text. */
export function labelChoiceRecord(prepared: PreparedItem, extracted: string | null, valid: boolean): ItemRecord {
    return { ...baseRecord(prepared), raw: null, extracted, correct: extracted === prepared.item.gold, valid };
}
