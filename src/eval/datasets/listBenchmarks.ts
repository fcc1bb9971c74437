import { existsSync } from "node:fs";
import { BENCHMARK_NAMES, BENCHMARKS, type BenchmarkName, type BenchmarkSpec } from "./benchmarks.js";
import { dataFilePath } from "./dataFiles.js";

export interface BenchmarkFileStatus {
    readonly path: string;
    readonly absolutePath: string;
    readonly role: "test" | "train" | "metadata";
    readonly optional: boolean;
    readonly subject?: string;
    readonly present: boolean;
}

export interface BenchmarkStatus {
    readonly name: BenchmarkName;
    readonly spec: BenchmarkSpec;
    /** present: every required file is there; partial: some (MMLU subjects); missing: none. */
    readonly status: "present" | "partial" | "missing";
    readonly files: readonly BenchmarkFileStatus[];
    /** Required files that are absent, relative to the data dir. */
    readonly missingFiles: readonly string[];
    /** MMLU subjects whose test file is absent. */
    readonly missingSubjects: readonly string[];
    /** Whether the benchmark's own default shot pool is available (train split / PubMedQA pool). */
    readonly trainAvailable: boolean;
}

/**
 * Which files of each benchmark are present under `dataDir` (a directory laid out like
 * ../shared/data/benchmarks). Reads no file contents.
 */
export function listBenchmarks(dataDir: string): BenchmarkStatus[] {
    return BENCHMARK_NAMES.map((name) => benchmarkStatus(BENCHMARKS[name], dataDir));
}

export function benchmarkStatus(spec: BenchmarkSpec, dataDir: string): BenchmarkStatus {
    const files = spec.files.map((file): BenchmarkFileStatus => {
        const absolutePath = dataFilePath(dataDir, file.path);
        return {
            path: file.path,
            absolutePath,
            role: file.role,
            optional: file.optional === true,
            ...(file.subject === undefined ? {} : { subject: file.subject }),
            present: existsSync(absolutePath)
        };
    });
    const required = files.filter((file) => !file.optional);
    const missingFiles = required.filter((file) => !file.present).map((file) => file.path);
    const missingSubjects = required.filter((file) => !file.present && file.subject !== undefined).map((file) => file.subject!);
    const presentRequired = required.length - missingFiles.length;
    const status = missingFiles.length === 0 ? "present" : presentRequired > 0 && spec.name === "mmlu-medical" ? "partial" : "missing";
    const trainFiles = files.filter((file) => file.role === "train");
    const trainAvailable = spec.name === "pubmedqa" ? status === "present" : trainFiles.some((file) => file.present);
    return { name: spec.name, spec, status, files, missingFiles, missingSubjects, trainAvailable };
}
