import { existsSync } from "node:fs";
import path from "node:path";
import { UserError } from "../../util/errors.js";
import type { BenchmarkItem } from "./BenchmarkItem.js";
import { MMLU_SHOT_SUBJECTS, type BenchmarkSpec } from "./benchmarks.js";
import { dataFilePath, readBenchmarkFile, readUserFile } from "./dataFiles.js";
import { loadBenchmark, loadPubmedqaSplits, type LoadBenchmarkOptions } from "./loadBenchmark.js";
import { readMedmcqaRows } from "./loaders/medmcqaRows.js";
import { readMedqaRows } from "./loaders/medqaRows.js";
import { parseMmluCsv } from "./loaders/mmluRows.js";
import { readMmluSplit } from "./loaders/readMmluSplit.js";
import { parsePqalItems } from "./loaders/pubmedqaRows.js";
import { convertTruthfulqa, DEFAULT_TRUTHFULQA_CONVERSION_SEED, parseMcTask } from "./loaders/truthfulqaRows.js";
import { requireBenchmark } from "./requireBenchmark.js";

/**
 * Where demonstrations come from:
 * - `train`: the benchmark's own pool (its train split in the data dir; PubMedQA's non-test PQA-L items);
 * - `file`: a user file in the benchmark's own format (`--shots-from FILE`);
 * - `test-excluding-item`: the evaluated split itself, never the current item.
 */
export type ShotSource = { readonly kind: "train" } | { readonly kind: "file"; readonly path: string } | { readonly kind: "test-excluding-item" };

/** Parses the `--shots-from` value: absent → train, the literal `test-excluding-item`, or a file path. */
export function parseShotSource(value: string | undefined): ShotSource {
    if (value === undefined || value === "" || value === "train") return { kind: "train" };
    if (value === "test-excluding-item") return { kind: "test-excluding-item" };
    return { kind: "file", path: value };
}

export interface ShotPool {
    readonly source: ShotSource;
    /** Pool rows in file order (the order the paper's shuffle permutes). */
    readonly items: BenchmarkItem[];
    /** Whether the current test item must be skipped (test-excluding-item). */
    readonly excludeCurrentItem: boolean;
    /** Files read, absolute. */
    readonly files: string[];
    /** What the pool is, in words, and how it relates to the paper's. */
    readonly description: string;
}

/**
 * Loads the demonstrations pool for a benchmark. When the requested source does not exist
 * (e.g. MedQA train is not in the data dir) the UserError lists the options.
 */
export async function loadShotPool(name: string, source: ShotSource, options: LoadBenchmarkOptions): Promise<ShotPool> {
    const spec = requireBenchmark(name);
    if (source.kind === "test-excluding-item") {
        const test = await loadBenchmark(name, options);
        return {
            source,
            items: test.items,
            excludeCurrentItem: true,
            files: test.files,
            description: `${spec.name} test split, current item excluded (the first k rows of test.shuffle(seed) other than the item)`
        };
    }
    if (source.kind === "file") {
        const file = path.resolve(source.path);
        return { source, items: await readShotFile(spec, file, options), excludeCurrentItem: false, files: [file], description: `${spec.name} rows from ${file}` };
    }
    return loadTrainPool(spec, options);
}

async function loadTrainPool(spec: BenchmarkSpec, options: LoadBenchmarkOptions): Promise<ShotPool> {
    const { dataDir } = options;
    const source: ShotSource = { kind: "train" };
    switch (spec.name) {
        case "medqa":
        case "medqa4":
        case "medmcqa": {
            const relative = spec.files.find((file) => file.role === "train")!.path;
            const file = dataFilePath(dataDir, relative);
            if (!existsSync(file)) throw noShotSource(spec, dataDir, `no train split at ${file}`);
            const items = spec.name === "medmcqa" ? await readMedmcqaRows(file, options.medmcqaCopBase ?? 1) : await readMedqaRows(file, spec.name, spec.optionCount!);
            return { source, items, excludeCurrentItem: false, files: [file], description: `${spec.name} train split (${relative}), as in the paper` };
        }
        case "pubmedqa": {
            const { pool, files } = await loadPubmedqaSplits(spec, dataDir);
            return {
                source,
                items: pool,
                excludeCurrentItem: false,
                files,
                description: "the 500 PQA-L items outside the official test set, in ori_pqal.json order (the paper drew from bigbio's fold-0 train split, 450 of these in another order)"
            };
        }
        case "mmlu-medical": {
            const { items, files, missingSubjects: missing } = await readMmluSplit(spec, dataDir, "dev", MMLU_SHOT_SUBJECTS);
            if (items.length === 0) throw noShotSource(spec, dataDir, `no MMLU dev CSVs under ${dataFilePath(dataDir, "mmlu/dev")}`);
            const note = missing.length === 0 ? "as in the paper" : `without ${missing.join(", ")} (absent), so demonstrations differ from the paper's`;
            return { source, items, excludeCurrentItem: false, files, description: `MMLU dev rows of the paper's 11 subsets, ${note}` };
        }
        case "truthfulqa":
            throw noShotSource(spec, dataDir, "TruthfulQA has no train split (the paper's code cannot few-shot it either)");
    }
}

async function readShotFile(spec: BenchmarkSpec, file: string, options: LoadBenchmarkOptions): Promise<BenchmarkItem[]> {
    switch (spec.name) {
        case "medqa":
        case "medqa4":
            if (!existsSync(file)) await readUserFile(file, "--shots-from file");
            return readMedqaRows(file, spec.name, spec.optionCount!);
        case "medmcqa":
            if (!existsSync(file)) await readUserFile(file, "--shots-from file");
            return readMedmcqaRows(file, options.medmcqaCopBase ?? 1);
        case "pubmedqa":
            return parsePqalItems(await readUserFile(file, "--shots-from file"), file);
        case "mmlu-medical": {
            const subject = path.basename(file).replace(/\.csv$/i, "").replace(/_(dev|val|test)$/, "");
            return parseMmluCsv(await readUserFile(file, "--shots-from file"), file, subject);
        }
        case "truthfulqa":
            return convertTruthfulqa(parseMcTask(await readUserFile(file, "--shots-from file"), file), options.truthfulqaSeed ?? DEFAULT_TRUTHFULQA_CONVERSION_SEED);
    }
}

function noShotSource(spec: BenchmarkSpec, dataDir: string, reason: string): UserError {
    const train = spec.files.find((file) => file.role === "train");
    const options = [
        ...(train === undefined ? [] : [`put the train split at ${dataFilePath(dataDir, train.path)} (${spec.obtain})`]),
        `--shots-from FILE with rows in ${spec.name}'s own format${spec.name === "medqa" ? " (e.g. questions/US/dev.jsonl)" : spec.name === "medqa4" ? " (e.g. questions/US/4_options/phrases_no_exclude_dev.jsonl)" : ""}`,
        "--shots-from test-excluding-item (demonstrations from the test split, never the item itself)",
        "--shots 0"
    ];
    return new UserError(`${spec.name}: no source for few-shot demonstrations: ${reason}`, {
        expected: "a shot source",
        fix: `options: ${options.join("; ")}`
    });
}
