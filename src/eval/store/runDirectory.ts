import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { atomicWriteFile } from "../../util/atomicWrite.js";
import { UserError } from "../../util/errors.js";
import { RUN_SCHEMA_VERSION, type ItemRecord, type RunResults } from "./RunResults.js";

export const RESULTS_FILE = "results.json";
export const ITEMS_FILE = "items.jsonl";

/**
 * Writes a run directory: results.json (aggregate) and items.jsonl (one line per item and seed).
 * Both files are written atomically (temp file + fsync + rename), items first, so a reader
 * never sees a results.json whose items are missing or half written.
 */
export async function writeRunDirectory(directory: string, results: RunResults, items: readonly ItemRecord[]): Promise<void> {
    await mkdir(directory, { recursive: true });
    await atomicWriteFile(path.join(directory, ITEMS_FILE), items.map((item) => JSON.stringify(item)).join("\n") + (items.length > 0 ? "\n" : ""));
    await atomicWriteFile(path.join(directory, RESULTS_FILE), JSON.stringify(results, null, 2) + "\n");
}

export interface LoadedRun {
    readonly directory: string;
    readonly results: RunResults;
    readonly items: readonly ItemRecord[];
}

/**
 * Reads a run directory written by {@link writeRunDirectory} (or a results.json path).
 * Throws a UserError naming the file and line when something is missing or malformed.
 */
export async function readRunDirectory(location: string): Promise<LoadedRun> {
    const directory = path.basename(location) === RESULTS_FILE ? path.dirname(location) : location;
    const resultsPath = path.join(directory, RESULTS_FILE);
    let resultsText: string;
    try {
        resultsText = await readFile(resultsPath, "utf8");
    } catch (error) {
        throw new UserError(`cannot read the run ${location}`, {
            expected: `a run directory holding ${RESULTS_FILE} and ${ITEMS_FILE} (the --out of \`meditron eval run\`)`,
            found: (error as NodeJS.ErrnoException).code === "ENOENT" ? `no ${resultsPath}` : String(error),
            fix: "pass the directory that `meditron eval run` printed when it finished",
            cause: error
        });
    }
    let results: RunResults;
    try {
        results = JSON.parse(resultsText) as RunResults;
    } catch (error) {
        throw new UserError(`${resultsPath} is not valid JSON`, { found: String(error), fix: "rerun the evaluation to rewrite it", cause: error });
    }
    if (results.schemaVersion !== RUN_SCHEMA_VERSION || !Array.isArray(results.benchmarks)) {
        throw new UserError(`${resultsPath} is not a meditron results file of a version this tool reads`, {
            expected: `schemaVersion ${RUN_SCHEMA_VERSION} with a benchmarks array`,
            found: `schemaVersion ${String((results as { schemaVersion?: unknown }).schemaVersion)}`,
            fix: "rerun the evaluation with this version of meditron (cached responses make that fast)"
        });
    }
    const itemsPath = path.join(directory, ITEMS_FILE);
    let itemsText = "";
    try {
        itemsText = await readFile(itemsPath, "utf8");
    } catch (error) {
        throw new UserError(`cannot read ${itemsPath}`, { expected: "the per-item JSONL beside results.json", found: String(error), cause: error });
    }
    const items: ItemRecord[] = [];
    const lines = itemsText.split("\n");
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (line.trim() === "") continue;
        try {
            items.push(JSON.parse(line) as ItemRecord);
        } catch (error) {
            throw new UserError(`${itemsPath} line ${i + 1} is not valid JSON`, { found: line.slice(0, 80), fix: "rerun the evaluation to rewrite it", cause: error });
        }
    }
    return { directory, results, items };
}
