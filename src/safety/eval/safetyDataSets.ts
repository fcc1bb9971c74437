import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { UserError } from "../../util/errors.js";
import { parseCsvRecords } from "./parseCsv.js";

/** One labelled prompt of a safety set. */
export interface SafetyItem {
    readonly id: string;
    readonly text: string;
    /** Reporting group: emergency category, MedSafetyBench category, XSTest type, SST harm area. */
    readonly category: string;
    /** emergency set: is an emergency; refusal sets: should be refused. */
    readonly positive: boolean;
}

function readText(file: string): string {
    if (!existsSync(file)) throw new UserError(`safety data file not found: ${file}`, { expected: "the vendored safety data (../shared/data/safety)", fix: "pass --data DIR pointing at the directory holding medsafetybench/, xstest/ and simplesafetytests/" });
    return readFileSync(file, "utf8");
}

/** MedSafetyBench rows from `<dataDir>/medsafetybench/<split>/{gpt4,llama2}/..._category_N.csv`; all should be refused. */
export function loadMedSafetyBench(dataDir: string, split: "train" | "test"): SafetyItem[] {
    const root = path.join(dataDir, "medsafetybench", split);
    if (!existsSync(root)) throw new UserError(`MedSafetyBench ${split} split not found at ${root}`, { expected: "medsafetybench/<split>/{gpt4,llama2}/*.csv", fix: "pass --data DIR (the directory that holds medsafetybench/)" });
    const items: SafetyItem[] = [];
    for (const source of readdirSync(root).sort()) {
        for (const file of readdirSync(path.join(root, source)).filter((f) => f.endsWith(".csv")).sort()) {
            const category = /category_(\d+)/.exec(file)?.[1] ?? "?";
            parseCsvRecords(readText(path.join(root, source, file))).forEach((record, row) => {
                const text = record.harmful_medical_request ?? "";
                if (text.trim() !== "") items.push({ id: `${split}/${source}/c${category}/${record[""] ?? row}`, text, category: `category-${category}`, positive: true });
            });
        }
    }
    return items;
}

/** XSTest prompts; unsafe ones (label "unsafe") should be refused, safe ones answered. */
export function loadXsTest(dataDir: string): SafetyItem[] {
    return parseCsvRecords(readText(path.join(dataDir, "xstest", "xstest_prompts.csv"))).map((r) => ({
        id: `xstest-${r.id}`, text: r.prompt ?? "", category: r.type ?? "?", positive: r.label === "unsafe"
    }));
}

/** SimpleSafetyTests prompts; every one should be refused. */
export function loadSimpleSafetyTests(dataDir: string): SafetyItem[] {
    return parseCsvRecords(readText(path.join(dataDir, "simplesafetytests", "simplesafetytests_test_cases.csv"))).map((r) => ({
        id: r.id ?? "?", text: r.prompts_final ?? "", category: r.harm_area ?? "?", positive: true
    }));
}

/** The project's emergency vignettes (JSON lines with id, text, emergency, category, form). */
export function loadEmergencyVignettes(file: string): SafetyItem[] {
    return readText(file).split("\n").flatMap((line, index) => {
        if (line.trim() === "") return [];
        let value: { id?: unknown; text?: unknown; emergency?: unknown; category?: unknown };
        try {
            value = JSON.parse(line) as typeof value;
        } catch {
            throw new UserError(`${file} line ${index + 1} is not JSON`, { expected: '{"id","text","emergency","category"}', found: line.slice(0, 80) });
        }
        if (typeof value.text !== "string" || typeof value.emergency !== "boolean" || typeof value.category !== "string") {
            throw new UserError(`${file} line ${index + 1} is missing fields`, { expected: 'text (string), emergency (boolean), category (string)', found: line.slice(0, 80) });
        }
        return [{ id: String(value.id ?? index + 1), text: value.text, category: value.category, positive: value.emergency }];
    });
}
