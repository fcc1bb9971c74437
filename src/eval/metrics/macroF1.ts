/**
 * Macro-averaged F1 over a fixed label set (PubMedQA: yes / no / maybe), as scikit-learn's
 * `f1_score(average="macro", labels=labels, zero_division=0)`:
 * per label F1 = 2·TP / (2·TP + FP + FN), 0 when the label never occurs in gold or prediction;
 * macro-F1 = unweighted mean over `labels`.
 *
 * A prediction outside `labels` (an invalid answer, `null`) is a false negative for the gold
 * label and a false positive for no label, so it lowers recall without inventing a class.
 */
export function macroF1(
    pairs: readonly { readonly gold: string; readonly predicted: string | null }[],
    labels: readonly string[]
): { readonly macroF1: number; readonly perLabel: Readonly<Record<string, { precision: number; recall: number; f1: number; support: number }>> } {
    const perLabel: Record<string, { precision: number; recall: number; f1: number; support: number }> = {};
    let sum = 0;
    for (const label of labels) {
        let tp = 0;
        let fp = 0;
        let fn = 0;
        for (const { gold, predicted } of pairs) {
            if (predicted === label && gold === label) tp += 1;
            else if (predicted === label) fp += 1;
            else if (gold === label) fn += 1;
        }
        const f1 = 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
        perLabel[label] = {
            precision: tp + fp === 0 ? 0 : tp / (tp + fp),
            recall: tp + fn === 0 ? 0 : tp / (tp + fn),
            f1,
            support: tp + fn
        };
        sum += f1;
    }
    return { macroF1: labels.length === 0 ? 0 : sum / labels.length, perLabel };
}
