import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../../util/errors.js";
import type { BenchmarkSpec } from "./benchmarks.js";

/** Absolute path of a benchmark file inside the data directory. */
export function dataFilePath(dataDir: string, relativePath: string): string {
    return path.resolve(dataDir, relativePath);
}

/** The error for a benchmark file that is not where it should be. */
export function missingFileError(spec: BenchmarkSpec, dataDir: string, relativePath: string): UserError {
    return new UserError(`${spec.name}: missing ${relativePath}`, {
        expected: `the file at ${dataFilePath(dataDir, relativePath)} (data dir ${path.resolve(dataDir)})`,
        found: "no such file",
        fix: `get it from ${spec.obtain}, or point --data (MEDITRON_DATA_DIR) at a directory laid out like the official releases`
    });
}

/** Reads a benchmark file as UTF-8, turning "not found" into {@link missingFileError}. */
export async function readBenchmarkFile(spec: BenchmarkSpec, dataDir: string, relativePath: string): Promise<string> {
    const absolute = dataFilePath(dataDir, relativePath);
    if (!existsSync(absolute)) throw missingFileError(spec, dataDir, relativePath);
    return readFile(absolute, "utf8");
}

/** Reads a user-given file (e.g. --shots-from), with a plain "not found" error. */
export async function readUserFile(file: string, what: string): Promise<string> {
    if (!existsSync(file)) {
        throw new UserError(`${what} not found`, { expected: "an existing file", found: path.resolve(file), fix: "check the path" });
    }
    return readFile(file, "utf8");
}

/** Strips a UTF-8 byte order mark (TruthfulQA.csv has one; Python reads it as utf-8-sig). */
export function stripBom(text: string): string {
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
