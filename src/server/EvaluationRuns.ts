import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { RESULTS_FILE } from "../eval/store/runDirectory.js";
import type { RunResults } from "../eval/store/RunResults.js";
import type { EvaluationRunSummary } from "./EvaluationRunSummary.js";

export type { EvaluationRunSummary } from "./EvaluationRunSummary.js";

/** Read access to the eval result store (run directories written by `meditron eval run`). */
export interface EvaluationRuns {
    list(): Promise<EvaluationRunSummary[]>;
    /** The whole results.json of one run, or undefined when there is no such run. */
    get(id: string): Promise<RunResults | undefined>;
}

/**
 * Finds runs under `root`: every directory (up to two levels deep) holding a results.json.
 * A run's id is its path relative to `root`. Unreadable or foreign files are skipped, never fatal.
 */
export function directoryEvaluationRuns(root: string): EvaluationRuns {
    const resolvedRoot = path.resolve(root);
    async function runDirectories(): Promise<string[]> {
        const found: string[] = [];
        async function walk(directory: string, depth: number): Promise<void> {
            let entries;
            try {
                entries = await readdir(directory, { withFileTypes: true });
            } catch {
                return;
            }
            if (entries.some((entry) => entry.isFile() && entry.name === RESULTS_FILE)) found.push(directory);
            if (depth >= 2) return;
            for (const entry of entries) if (entry.isDirectory()) await walk(path.join(directory, entry.name), depth + 1);
        }
        await walk(resolvedRoot, 0);
        return found;
    }
    async function load(directory: string): Promise<RunResults | undefined> {
        try {
            const results = JSON.parse(await readFile(path.join(directory, RESULTS_FILE), "utf8")) as RunResults;
            return Array.isArray(results.benchmarks) ? results : undefined;
        } catch {
            return undefined;
        }
    }
    return {
        async list() {
            const summaries: EvaluationRunSummary[] = [];
            for (const directory of await runDirectories()) {
                const results = await load(directory);
                if (results === undefined) continue;
                summaries.push({
                    id: path.relative(resolvedRoot, directory) || ".",
                    model: results.model?.name ?? "unknown",
                    protocol: results.protocol,
                    startedAt: results.timings?.startedAt ?? "",
                    wallSeconds: results.timings?.wallSeconds ?? 0,
                    benchmarks: results.benchmarks.map((b) => ({
                        benchmark: b.benchmark,
                        items: b.items,
                        accuracy: b.summary.accuracy.mean,
                        accuracySd: b.summary.accuracy.sd,
                        invalidRate: b.summary.invalidRate.mean
                    }))
                });
            }
            return summaries.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
        },
        async get(id) {
            const directory = path.resolve(resolvedRoot, id);
            // Ids are relative paths; refuse anything that escapes the root.
            if (directory !== resolvedRoot && !directory.startsWith(resolvedRoot + path.sep)) return undefined;
            return load(directory);
        }
    };
}
