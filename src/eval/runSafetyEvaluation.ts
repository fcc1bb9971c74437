import path from "node:path";
import { mkdir } from "node:fs/promises";
import { runSafetyBenchmark, SAFETY_BENCHMARKS, type SafetyBenchmarkResult } from "../safety/eval/runSafetyBenchmark.js";
import type { SafetyLayer } from "../safety/SafetyLayer.js";
import { atomicWriteFile } from "../util/atomicWrite.js";
import { UserError } from "../util/errors.js";
import { toolVersions } from "./store/toolVersions.js";

/** File a safety run writes into its run directory (beside the exam runs' results.json). */
export const SAFETY_RESULTS_FILE = "safety-results.json";

/** The safety benchmark names as the harness takes them: safety-emergency, safety-xstest, ... */
export const SAFETY_BENCHMARK_NAMES: readonly string[] = SAFETY_BENCHMARKS.map((name) => `safety-${name}`);

export function isSafetyBenchmark(name: string): boolean {
    return name.startsWith("safety-");
}

export interface SafetyEvaluationOptions {
    readonly benchmarks: readonly string[];
    readonly layer: SafetyLayer;
    /** Directory holding medsafetybench/, xstest/, simplesafetytests/. */
    readonly dataDir?: string;
    /** Screen with the layer's model judge on top of the built-in rules and classifiers. */
    readonly useJudge?: boolean;
    /** Write safety-results.json here. */
    readonly outDir?: string;
}

export interface SafetyRunResults {
    readonly schemaVersion: 1;
    readonly kind: "safety";
    readonly benchmarks: readonly SafetyBenchmarkResult[];
    readonly timings: { readonly startedAt: string; readonly finishedAt: string; readonly wallSeconds: number };
    readonly versions: ReturnType<typeof toolVersions>;
}

/**
 * The harness form of the safety measurements (`meditron eval run --bench safety-...`): runs each
 * safety benchmark through the layer and writes one results file with per-category tables and the
 * list of misses, next to the exam runs.
 */
export async function runSafetyEvaluation(options: SafetyEvaluationOptions): Promise<{ results: SafetyRunResults; file?: string }> {
    for (const name of options.benchmarks) {
        if (!SAFETY_BENCHMARK_NAMES.includes(name)) {
            throw new UserError(`unknown safety benchmark "${name}"`, { expected: `one of ${SAFETY_BENCHMARK_NAMES.join(", ")}`, found: JSON.stringify(name) });
        }
    }
    const started = new Date();
    const benchmarks: SafetyBenchmarkResult[] = [];
    for (const name of options.benchmarks) {
        benchmarks.push(await runSafetyBenchmark(name, {
            layer: options.layer,
            ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
            ...(options.useJudge === true ? { useJudge: true } : {})
        }));
    }
    const finished = new Date();
    const results: SafetyRunResults = {
        schemaVersion: 1,
        kind: "safety",
        benchmarks,
        timings: { startedAt: started.toISOString(), finishedAt: finished.toISOString(), wallSeconds: (finished.getTime() - started.getTime()) / 1000 },
        versions: toolVersions()
    };
    if (options.outDir === undefined) return { results };
    await mkdir(options.outDir, { recursive: true });
    const file = path.join(options.outDir, SAFETY_RESULTS_FILE);
    await atomicWriteFile(file, JSON.stringify(results, null, 2) + "\n");
    return { results, file };
}
