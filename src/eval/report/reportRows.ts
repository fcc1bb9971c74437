import { calibration, type Calibration } from "../metrics/calibration.js";
import type { LoadedRun } from "../store/runDirectory.js";
import type { BenchmarkResult, ItemRecord } from "../store/RunResults.js";

/** One row of our results in a report: one model under one protocol and shot count. */
export interface ReportRow {
    readonly label: string;
    readonly model: string;
    readonly protocol: string;
    readonly shots: number | null;
    readonly seeds: readonly number[];
    /** Per benchmark name; a later run of the same benchmark replaces an earlier one. */
    readonly benchmarks: ReadonlyMap<string, BenchmarkResult>;
    readonly items: readonly ItemRecord[];
    readonly directories: readonly string[];
}

/**
 * Groups runs into report rows: runs of the same model (by file hash, or name for remote models),
 * protocol and shot count become one row, so `eval run --bench medqa4` and a later
 * `eval run --bench pubmedqa` of the same model fill one line of the paper's table.
 */
export function reportRows(runs: readonly LoadedRun[]): ReportRow[] {
    const rows = new Map<string, { label: string; model: string; protocol: string; shots: number | null; seeds: number[]; benchmarks: Map<string, BenchmarkResult>; items: ItemRecord[]; directories: string[] }>();
    for (const run of runs) {
        const shots = typeof run.results.settings.shots === "number" ? run.results.settings.shots : null;
        const modelKey = run.results.model.sha256 ?? `${run.results.model.backend}:${run.results.model.source}:${run.results.model.name}`;
        const key = `${modelKey}|${run.results.protocol}|${shots ?? ""}`;
        let row = rows.get(key);
        if (row === undefined) {
            const label = `${run.results.model.name} (${run.results.protocol}${shots === null ? "" : `, ${shots}-shot`})`;
            row = { label, model: run.results.model.name, protocol: run.results.protocol, shots, seeds: [...run.results.seeds], benchmarks: new Map(), items: [], directories: [] };
            rows.set(key, row);
        }
        row.directories.push(run.directory);
        for (const benchmark of run.results.benchmarks) {
            row.benchmarks.set(benchmark.benchmark, benchmark);
            // Keep only the latest run's items of a benchmark.
            row.items = row.items.filter((item) => item.benchmark !== benchmark.benchmark);
            row.items.push(...run.items.filter((item) => item.benchmark === benchmark.benchmark));
        }
    }
    return [...rows.values()];
}

/** Calibration over all items (all benchmarks and seeds) of a row that carry probabilities; null when none do. */
export function rowCalibration(row: ReportRow, benchmark?: string): Calibration | null {
    const items = row.items.filter((item) => item.probabilities !== undefined && (benchmark === undefined || item.benchmark === benchmark));
    if (items.length === 0) return null;
    return calibration(items.map((item) => ({ probabilities: item.probabilities!, gold: item.gold })));
}
