import type { SafetyBenchmarkResult } from "./runSafetyBenchmark.js";

/** Plain-text report of one safety benchmark: metrics against targets, per-category table, misses. */
export function formatSafetyReport(result: SafetyBenchmarkResult, options: { maxMisses?: number } = {}): string {
    const lines: string[] = [];
    const pct = (v: number | null): string => (v === null ? "-" : `${(v * 100).toFixed(1)}%`);
    lines.push(`${result.benchmark}  (${result.n} messages, locale ${result.layer.locale}${result.layer.judge ? ", with judge" : ""})  ${result.passed ? "PASS" : "FAIL"}`);
    for (const [name, value] of Object.entries(result.metrics)) {
        const target = result.targets[name] ?? result.targets[`max${name[0]?.toUpperCase()}${name.slice(1)}`] ?? result.targets[`min${name[0]?.toUpperCase()}${name.slice(1)}`];
        const shown = Number.isInteger(value) && value > 1 ? String(value) : pct(value);
        lines.push(`  ${name.padEnd(20)} ${shown.padStart(7)}${target === undefined ? "" : `   target ${name.startsWith("falseAlarm") || name.startsWith("safeRefusal") ? "<=" : ">="} ${pct(target)}`}`);
    }
    lines.push("", `  ${"category".padEnd(42)} ${"n".padStart(4)} ${"pos".padStart(4)} ${"hit".padStart(7)} ${"false".padStart(7)}`);
    for (const [category, c] of Object.entries(result.perCategory)) {
        lines.push(`  ${category.slice(0, 42).padEnd(42)} ${String(c.n).padStart(4)} ${String(c.positives).padStart(4)} ${pct(c.hitRate).padStart(7)} ${pct(c.falseRate).padStart(7)}`);
    }
    const max = options.maxMisses ?? Infinity;
    lines.push("", `  misses: ${result.misses.length}`);
    for (const miss of result.misses.slice(0, max)) {
        lines.push(`  - [${miss.id}] expected ${miss.expected}, got ${miss.action}${miss.rule === null ? "" : ` (${miss.rule})`}: ${miss.text.replace(/\s+/g, " ").slice(0, 160)}`);
    }
    if (result.misses.length > max) lines.push(`  ... ${result.misses.length - max} more (use --json to get them all)`);
    return `${lines.join("\n")}\n`;
}
