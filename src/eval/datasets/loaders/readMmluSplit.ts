import { existsSync } from "node:fs";
import type { BenchmarkItem } from "../BenchmarkItem.js";
import type { BenchmarkSpec } from "../benchmarks.js";
import { dataFilePath, readBenchmarkFile } from "../dataFiles.js";
import { parseMmluCsv } from "./mmluRows.js";

/**
 * Reads one MMLU split (`mmlu/<split>/<subject>_<split>.csv`) for each subject that has a file.
 * Absent subjects are returned by name, never dropped silently: the test loader reports them and
 * the shot loader says its demonstrations differ from the paper's.
 */
export async function readMmluSplit(
    spec: BenchmarkSpec,
    dataDir: string,
    split: "test" | "dev",
    subjects: readonly string[]
): Promise<{ items: BenchmarkItem[]; files: string[]; missingSubjects: string[] }> {
    const items: BenchmarkItem[] = [];
    const files: string[] = [];
    const missingSubjects: string[] = [];
    for (const subject of subjects) {
        const relative = `mmlu/${split}/${subject}_${split}.csv`;
        const absolute = dataFilePath(dataDir, relative);
        if (!existsSync(absolute)) {
            missingSubjects.push(subject);
            continue;
        }
        items.push(...parseMmluCsv(await readBenchmarkFile(spec, dataDir, relative), absolute, subject));
        files.push(absolute);
    }
    return { items, files, missingSubjects };
}
