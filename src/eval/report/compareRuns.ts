import { mcnemar } from "../metrics/mcnemar.js";
import type { LoadedRun } from "../store/runDirectory.js";
import type { BenchmarkComparison, ItemRecord } from "../store/RunResults.js";

export interface RunComparison {
    readonly benchmarks: readonly BenchmarkComparison[];
    /** Benchmarks in only one of the runs. */
    readonly onlyInA: readonly string[];
    readonly onlyInB: readonly string[];
    /** Items (benchmark, id, seed) present in one run only, left out of the pairs. */
    readonly unpaired: number;
}

/**
 * Paired comparison of two runs: items are matched by (benchmark, id, seed); per benchmark the
 * accuracies on the paired items, their difference (B − A) and McNemar's test on the
 * discordant pairs.
 */
export function compareRuns(a: LoadedRun, b: LoadedRun): RunComparison {
    const key = (item: ItemRecord) => `${item.benchmark}\u0000${item.id}\u0000${item.seed}`;
    const indexB = new Map(b.items.map((item) => [key(item), item]));
    const paired = new Map<string, { a: boolean[]; b: boolean[] }>();
    let unpaired = 0;
    const matched = new Set<string>();
    for (const itemA of a.items) {
        const itemB = indexB.get(key(itemA));
        if (itemB === undefined) {
            unpaired += 1;
            continue;
        }
        matched.add(key(itemA));
        const entry = paired.get(itemA.benchmark) ?? { a: [], b: [] };
        entry.a.push(itemA.correct);
        entry.b.push(itemB.correct);
        paired.set(itemA.benchmark, entry);
    }
    unpaired += b.items.filter((item) => !matched.has(key(item))).length;
    const namesA = new Set(a.results.benchmarks.map((r) => r.benchmark));
    const namesB = new Set(b.results.benchmarks.map((r) => r.benchmark));
    const benchmarks = [...paired.entries()].map(([benchmark, { a: outcomesA, b: outcomesB }]) => {
        const accuracyA = outcomesA.filter(Boolean).length / outcomesA.length;
        const accuracyB = outcomesB.filter(Boolean).length / outcomesB.length;
        return { benchmark, pairs: outcomesA.length, accuracyA, accuracyB, difference: accuracyB - accuracyA, mcnemar: mcnemar(outcomesA, outcomesB) };
    });
    return {
        benchmarks,
        onlyInA: [...namesA].filter((n) => !namesB.has(n)),
        onlyInB: [...namesB].filter((n) => !namesA.has(n)),
        unpaired
    };
}

/** The comparison as a plain-text table for the terminal. */
export function formatComparison(comparison: RunComparison, labelA: string, labelB: string): string {
    const header = ["benchmark", "pairs", "A %", "B %", "B−A (pts)", "A only", "B only", "McNemar p", "test"];
    const rows = comparison.benchmarks.map((c) => [
        c.benchmark,
        String(c.pairs),
        (c.accuracyA * 100).toFixed(1),
        (c.accuracyB * 100).toFixed(1),
        `${c.difference >= 0 ? "+" : ""}${(c.difference * 100).toFixed(1)}`,
        String(c.mcnemar.b),
        String(c.mcnemar.c),
        formatP(c.mcnemar.pValue),
        c.mcnemar.method
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: readonly string[]) => cells.map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ").trimEnd();
    const out = [`A: ${labelA}`, `B: ${labelB}`, "", line(header), ...rows.map(line)];
    if (comparison.benchmarks.length === 0) out.push("(no paired items: the runs share no benchmark, item and seed)");
    if (comparison.onlyInA.length > 0) out.push(`only in A: ${comparison.onlyInA.join(", ")}`);
    if (comparison.onlyInB.length > 0) out.push(`only in B: ${comparison.onlyInB.join(", ")}`);
    if (comparison.unpaired > 0) out.push(`${comparison.unpaired} item(s) present in one run only were left out`);
    out.push("Pairs are (item, seed); McNemar: exact binomial when fewer than 25 discordant pairs, else chi-square with continuity correction.");
    return out.join("\n") + "\n";
}

function formatP(p: number): string {
    return p < 0.0001 ? p.toExponential(1) : p.toFixed(4);
}
