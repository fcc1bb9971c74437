import { existsSync } from "node:fs";
import path from "node:path";
import { UserError } from "../../util/errors.js";
import type { BenchmarkItem } from "./BenchmarkItem.js";
import { MMLU_MEDICAL_SUBJECTS, type BenchmarkName, type BenchmarkSpec } from "./benchmarks.js";
import { dataFilePath, missingFileError, readBenchmarkFile, stripBom } from "./dataFiles.js";
import { readMedmcqaRows, type CopBase } from "./loaders/medmcqaRows.js";
import { readMedqaRows } from "./loaders/medqaRows.js";
import { readMmluSplit } from "./loaders/readMmluSplit.js";
import { parseGroundTruth, parsePqalItems } from "./loaders/pubmedqaRows.js";
import { convertTruthfulqa, DEFAULT_TRUTHFULQA_CONVERSION_SEED, parseMcTask, parseTruthfulqaCategories } from "./loaders/truthfulqaRows.js";
import { requireBenchmark } from "./requireBenchmark.js";

export interface LoadBenchmarkOptions {
    /** Directory laid out like the official releases (e.g. ../shared/data/benchmarks). */
    readonly dataDir: string;
    /** Seed of the TruthfulQA distractor draw (default 1234); see convertTruthfulqa. */
    readonly truthfulqaSeed?: number;
    /** MedMCQA `cop` base of the files read (default 1, the official files). */
    readonly medmcqaCopBase?: CopBase;
}

export interface LoadedBenchmark {
    readonly benchmark: BenchmarkName;
    readonly spec: BenchmarkSpec;
    /** Test items in the benchmark's file order. */
    readonly items: BenchmarkItem[];
    /** Absolute paths of the files read (for hashing into results). */
    readonly files: string[];
    /** MMLU subjects whose test file is absent (their items are not in `items`). */
    readonly missingSubjects: string[];
}

/**
 * Loads a benchmark's evaluated split from `dataDir`, validating every record: a malformed
 * record is a UserError naming file and line, a missing file names the expected path and where
 * to get it. MMLU subjects whose files are absent are reported in `missingSubjects`, not dropped
 * silently; if none is present that is an error.
 */
export async function loadBenchmark(name: string, options: LoadBenchmarkOptions): Promise<LoadedBenchmark> {
    const spec = requireBenchmark(name);
    const { dataDir } = options;
    const testFiles = spec.files.filter((file) => file.role === "test");
    const result = (items: BenchmarkItem[], files: string[], missingSubjects: string[] = []): LoadedBenchmark => ({
        benchmark: spec.name,
        spec,
        items,
        files,
        missingSubjects
    });
    switch (spec.name) {
        case "medqa":
        case "medqa4": {
            const file = requireFile(spec, dataDir, testFiles[0]!.path);
            return result(await readMedqaRows(file, spec.name, spec.optionCount!), [file]);
        }
        case "medmcqa": {
            const file = requireFile(spec, dataDir, testFiles[0]!.path);
            return result(await readMedmcqaRows(file, options.medmcqaCopBase ?? 1), [file]);
        }
        case "pubmedqa": {
            const { test, files } = await loadPubmedqaSplits(spec, dataDir);
            return result(test, files);
        }
        case "mmlu-medical": {
            const { items, files, missingSubjects } = await readMmluSplit(spec, dataDir, "test", MMLU_MEDICAL_SUBJECTS);
            if (files.length === 0) throw missingFileError(spec, dataDir, `mmlu/test/${MMLU_MEDICAL_SUBJECTS[0]}_test.csv`);
            return result(items, files, missingSubjects);
        }
        case "truthfulqa": {
            const mcFile = requireFile(spec, dataDir, "truthfulqa/mc_task.json");
            const csvFile = requireFile(spec, dataDir, "truthfulqa/TruthfulQA.csv");
            const rows = parseMcTask(await readBenchmarkFile(spec, dataDir, "truthfulqa/mc_task.json"), mcFile);
            const categories = parseTruthfulqaCategories(stripBom(await readBenchmarkFile(spec, dataDir, "truthfulqa/TruthfulQA.csv")), csvFile);
            return result(convertTruthfulqa(rows, options.truthfulqaSeed ?? DEFAULT_TRUTHFULQA_CONVERSION_SEED, categories), [mcFile, csvFile]);
        }
    }
}

/**
 * PubMedQA's two splits from the two PQA-L files: the 500 official test PMIDs (in
 * test_ground_truth.json order) and the other 500 labelled items (in ori_pqal.json order), the
 * default shot pool.
 */
export async function loadPubmedqaSplits(spec: BenchmarkSpec, dataDir: string): Promise<{ test: BenchmarkItem[]; pool: BenchmarkItem[]; files: string[] }> {
    const truthFile = requireFile(spec, dataDir, "pubmedqa/test_ground_truth.json");
    const recordsFile = requireFile(spec, dataDir, "pubmedqa/ori_pqal.json");
    const truth = parseGroundTruth(await readBenchmarkFile(spec, dataDir, "pubmedqa/test_ground_truth.json"), truthFile);
    const records = parsePqalItems(await readBenchmarkFile(spec, dataDir, "pubmedqa/ori_pqal.json"), recordsFile);
    const byId = new Map(records.map((item) => [item.id, item]));
    const test = truth.map(([pmid, label]) => {
        const item = byId.get(pmid);
        if (item === undefined) {
            throw new UserError(`${truthFile}: test PMID ${pmid} is not in ori_pqal.json`, {
                expected: "every test PMID among the 1000 PQA-L records",
                fix: "use the ori_pqal.json and test_ground_truth.json of the same pubmedqa release"
            });
        }
        if (item.gold !== label) {
            throw new UserError(`${truthFile}: PMID ${pmid} is labelled "${label}" but ori_pqal.json says "${item.gold}"`, {
                expected: "matching labels in the two files",
                fix: "use the ori_pqal.json and test_ground_truth.json of the same pubmedqa release"
            });
        }
        return item;
    });
    const testIds = new Set(truth.map(([pmid]) => pmid));
    const pool = records.filter((item) => !testIds.has(item.id));
    return { test, pool, files: [truthFile, recordsFile] };
}

function requireFile(spec: BenchmarkSpec, dataDir: string, relative: string): string {
    const absolute = dataFilePath(dataDir, relative);
    if (!existsSync(absolute)) throw missingFileError(spec, dataDir, relative);
    return path.resolve(absolute);
}
