/**
 * The accuracy family of the paper's `evaluate.py` (§7.5 of the system spec): invalid
 * (unparseable) answers count as wrong in `accuracy`, and are left out of the denominator in
 * `accuracyOverParseable` (the code's `accuracy_calibrate`).
 */

/** What the metrics need to know about one scored item. */
export interface ScoredOutcome {
    readonly correct: boolean;
    /** False when no answer could be extracted ("unable to find answer"). */
    readonly valid: boolean;
}

/** correct / total; 0 for an empty list (nothing was answered correctly). */
export function accuracy(items: readonly ScoredOutcome[]): number {
    if (items.length === 0) return 0;
    return countWhere(items, (item) => item.correct) / items.length;
}

/**
 * correct / parseable. `null` when no answer was parseable: the paper's code divided by zero
 * there (epfLLM/meditron PR #42), and a number would suggest a measurement that does not exist.
 */
export function accuracyOverParseable(items: readonly ScoredOutcome[]): number | null {
    const parseable = countWhere(items, (item) => item.valid);
    if (parseable === 0) return null;
    return countWhere(items, (item) => item.valid && item.correct) / parseable;
}

/** Share of items whose answer could not be extracted; 0 for an empty list. */
export function invalidRate(items: readonly ScoredOutcome[]): number {
    if (items.length === 0) return 0;
    return countWhere(items, (item) => !item.valid) / items.length;
}

export interface GroupAccuracy {
    readonly group: string;
    readonly n: number;
    readonly correct: number;
    readonly accuracy: number;
}

/**
 * Accuracy per group (MMLU subject, TruthfulQA category, MedMCQA subject), groups sorted by
 * name so reports are stable. Items without a group go to `fallbackGroup`.
 */
export function accuracyByGroup<T extends ScoredOutcome>(
    items: readonly T[],
    groupOf: (item: T) => string | undefined,
    fallbackGroup = "(none)"
): GroupAccuracy[] {
    const groups = new Map<string, { n: number; correct: number }>();
    for (const item of items) {
        const key = groupOf(item) ?? fallbackGroup;
        const entry = groups.get(key) ?? { n: 0, correct: 0 };
        entry.n += 1;
        if (item.correct) entry.correct += 1;
        groups.set(key, entry);
    }
    return [...groups.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([group, { n, correct }]) => ({ group, n, correct, accuracy: correct / n }));
}

function countWhere<T>(items: readonly T[], predicate: (item: T) => boolean): number {
    let count = 0;
    for (const item of items) if (predicate(item)) count += 1;
    return count;
}
