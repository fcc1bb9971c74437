import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCsv } from "../../src/eval/datasets/formats/parseCsv.js";
import { parseOrderedJson } from "../../src/eval/datasets/formats/parseOrderedJson.js";
import { listBenchmarks } from "../../src/eval/datasets/listBenchmarks.js";
import { loadBenchmark } from "../../src/eval/datasets/loadBenchmark.js";
import { loadShotPool, parseShotSource } from "../../src/eval/datasets/loadShotPool.js";
import { UserError } from "../../src/util/errors.js";
import { DATA_DIR } from "./dataDir.js";
import { runPython } from "./findNumpyPython.js";

const scratch = mkdtempSync(path.join(os.tmpdir(), "meditron-eval-data-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A data dir holding symlinks to some of the shared files (nothing is copied). */
function partialDataDir(name: string, files: readonly string[]): string {
    const dir = path.join(scratch, name);
    for (const file of files) {
        mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
        symlinkSync(path.join(DATA_DIR, file), path.join(dir, file));
    }
    mkdirSync(dir, { recursive: true });
    return dir;
}

function countBy(values: readonly string[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
    return counts;
}

describe("benchmark loaders on the shared data", () => {
    it("MedQA 5- and 4-option: 1273 items each, gold distribution as documented", async () => {
        const medqa4 = await loadBenchmark("medqa4", { dataDir: DATA_DIR });
        expect(medqa4.items).toHaveLength(1273);
        expect(countBy(medqa4.items.map((item) => item.gold))).toEqual({ A: 353, B: 309, C: 346, D: 265 });
        expect(medqa4.items.every((item) => item.options?.length === 4)).toBe(true);
        const medqa = await loadBenchmark("medqa", { dataDir: DATA_DIR });
        expect(medqa.items).toHaveLength(1273);
        expect(medqa.items.every((item) => item.options?.length === 5)).toBe(true);
        expect(medqa.items[0]!.id).toBe("0");
        expect(medqa.items[0]!.origin?.line).toBe(1);
    });

    it("MedMCQA: 1-based cop maps to letters (row 0 is cop 1 → A), ids are the file's ids", async () => {
        const medmcqa = await loadBenchmark("medmcqa", { dataDir: DATA_DIR });
        expect(medmcqa.items).toHaveLength(4183);
        expect(medmcqa.items[0]!.id).toBe("45258d3d-b974-44dd-a161-c3fccbdadd88");
        expect(medmcqa.items[0]!.gold).toBe("A");
        expect(countBy(medmcqa.items.map((item) => item.gold))).toEqual({ A: 1348, B: 1085, C: 925, D: 825 });
    });

    it("PubMedQA: 500 test PMIDs in ground-truth order, the other 500 PQA-L items as shot pool", async () => {
        const pubmedqa = await loadBenchmark("pubmedqa", { dataDir: DATA_DIR });
        expect(pubmedqa.items).toHaveLength(500);
        expect(countBy(pubmedqa.items.map((item) => item.gold))).toEqual({ yes: 276, no: 169, maybe: 55 });
        const truthOrder = runPython("python3", `import json; print(json.dumps(list(json.load(open(${JSON.stringify(path.join(DATA_DIR, "pubmedqa/test_ground_truth.json"))})))))`);
        expect(pubmedqa.items.map((item) => item.id)).toEqual(JSON.parse(truthOrder));
        const pool = await loadShotPool("pubmedqa", { kind: "train" }, { dataDir: DATA_DIR });
        expect(pool.items).toHaveLength(500);
        const testIds = new Set(pubmedqa.items.map((item) => item.id));
        expect(pool.items.some((item) => testIds.has(item.id))).toBe(false);
        // File order, not JavaScript's numeric key order.
        const poolOrder = runPython(
            "python3",
            `import json; t=json.load(open(${JSON.stringify(path.join(DATA_DIR, "pubmedqa/test_ground_truth.json"))})); print(json.dumps([k for k in json.load(open(${JSON.stringify(path.join(DATA_DIR, "pubmedqa/ori_pqal.json"))})) if k not in t]))`
        );
        expect(pool.items.map((item) => item.id)).toEqual(JSON.parse(poolOrder));
    });

    it("MMLU-Medical: 1871 items over 9 subjects, CRLF files parsed, nutrition questions keep their newline", async () => {
        const mmlu = await loadBenchmark("mmlu-medical", { dataDir: DATA_DIR });
        expect(mmlu.items).toHaveLength(1871);
        expect(mmlu.missingSubjects).toEqual([]);
        expect(countBy(mmlu.items.map((item) => item.subject!))).toEqual({
            anatomy: 135,
            clinical_knowledge: 265,
            college_biology: 144,
            college_medicine: 173,
            medical_genetics: 100,
            professional_medicine: 272,
            virology: 166,
            high_school_biology: 310,
            nutrition: 306
        });
        const nutrition = mmlu.items.filter((item) => item.subject === "nutrition");
        expect(nutrition.every((item) => item.question.endsWith("\n"))).toBe(true);
        expect(mmlu.items.some((item) => [item.question, ...item.options!].some((field) => field.includes("\r")))).toBe(false);
        expect(countBy(nutrition.map((item) => item.gold))).toEqual({ A: 69, B: 70, C: 77, D: 90 });
    });

    it("MMLU-Medical with absent subjects returns the rest and names the missing ones", async () => {
        const dir = partialDataDir("mmlu-partial", ["mmlu/test/anatomy_test.csv", "mmlu/test/nutrition_test.csv"]);
        const mmlu = await loadBenchmark("mmlu-medical", { dataDir: dir });
        expect(mmlu.items).toHaveLength(135 + 306);
        expect(mmlu.missingSubjects).toEqual([
            "college_biology",
            "college_medicine",
            "professional_medicine",
            "medical_genetics",
            "virology",
            "clinical_knowledge",
            "high_school_biology"
        ]);
        const status = listBenchmarks(dir).find((entry) => entry.name === "mmlu-medical")!;
        expect(status.status).toBe("partial");
        expect(status.missingSubjects).toHaveLength(7);
    });

    it("TruthfulQA: 817 items, 4 options, categories joined on trimmed question text", async () => {
        const truthfulqa = await loadBenchmark("truthfulqa", { dataDir: DATA_DIR });
        expect(truthfulqa.items).toHaveLength(817);
        expect(truthfulqa.items.every((item) => item.options?.length === 4)).toBe(true);
        const categories = countBy(truthfulqa.items.map((item) => item.subject!));
        expect([categories["Health"], categories["Nutrition"], categories["Psychology"], categories["Science"]]).toEqual([55, 16, 19, 9]);
        expect(categories["Unknown"]).toBeUndefined();
    });

    it("TruthfulQA conversion equals the paper's code run after random.seed(s), for every row", async () => {
        const file = path.join(DATA_DIR, "truthfulqa/mc_task.json");
        for (const seed of [1234, 7]) {
            const code = `
import json, random
random.seed(${seed})
out = []
for t in json.load(open(${JSON.stringify(file)})):
    options = list(t['mc1_targets'].keys()); labels = list(t['mc1_targets'].values())
    gold = options[labels.index(1)]
    options.remove(gold)
    choices = [gold] + random.choices(options, k=3)
    random.shuffle(choices)
    out.append([choices, ['A','B','C','D'][choices.index(gold)]])
print(json.dumps(out))`;
            const expected = JSON.parse(runPython("python3", code)) as Array<[string[], string]>;
            const loaded = await loadBenchmark("truthfulqa", { dataDir: DATA_DIR, truthfulqaSeed: seed });
            expect(loaded.items.map((item) => [item.options, item.gold])).toEqual(expected);
        }
    });
});

describe("bad input is reported with file and line", () => {
    it("a malformed JSON line names file and line", async () => {
        const file = path.join(scratch, "bad.jsonl");
        writeFileSync(file, '{"id":"x","question":"q","opa":"a","opb":"b","opc":"c","opd":"d","cop":1}\n{"id": oops}\n');
        const error = await loadShotPool("medmcqa", parseShotSource(file), { dataDir: DATA_DIR }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).toContain(`${file}:2: malformed JSON line`);
    });

    it("a record with a wrong field names the field, file and line", async () => {
        const file = path.join(scratch, "cop0.jsonl");
        writeFileSync(file, '\n{"id":"x","question":"q","opa":"a","opb":"b","opc":"c","opd":"d","cop":0}\n');
        const error = (await loadShotPool("medmcqa", parseShotSource(file), { dataDir: DATA_DIR }).catch((e: unknown) => e)) as Error;
        expect(error.message).toContain(`${file}:2: malformed MedMCQA JSON line`);
        expect(error.message).toContain("0-based Hugging Face export");
        const medqaFile = path.join(scratch, "medqa3.jsonl");
        writeFileSync(medqaFile, '{"question":"q","answer":"x","options":{"A":"x","B":"y","C":"z","D":"w"}}\n');
        const medqaError = (await loadShotPool("medqa", parseShotSource(medqaFile), { dataDir: DATA_DIR }).catch((e: unknown) => e)) as Error;
        expect(medqaError.message).toMatch(/medqa3\.jsonl:1: malformed MedQA 5-option JSON line; expected 5 options \(medqa\); found "4 options"/);
    });

    it("a malformed CSV names file and line", () => {
        expect(() => parseCsv('a,b\n"unterminated,c\n', "x.csv")).toThrow(/x\.csv:2: malformed CSV/);
        expect(() => parseCsv('a,"b"c\n', "y.csv")).toThrow(/y\.csv:1: malformed CSV; expected a comma or end of line/);
    });

    it("a missing file names the expected path and where to get it", async () => {
        const empty = path.join(scratch, "empty");
        mkdirSync(empty, { recursive: true });
        const error = (await loadBenchmark("medqa4", { dataDir: empty }).catch((e: unknown) => e)) as Error;
        expect(error).toBeInstanceOf(UserError);
        expect(error.message).toContain("medqa4: missing medqa/questions/US/4_options/phrases_no_exclude_test.jsonl");
        expect(error.message).toContain(path.join(empty, "medqa/questions/US/4_options/phrases_no_exclude_test.jsonl"));
        expect(error.message).toContain("github.com/jind11/MedQA");
        const statuses = listBenchmarks(empty);
        expect(statuses.every((status) => status.status === "missing")).toBe(true);
    });

    it("an unknown benchmark lists the valid ones", async () => {
        await expect(loadBenchmark("medqa5", { dataDir: DATA_DIR })).rejects.toThrow(/unknown benchmark "medqa5"; expected one of medqa, medqa4, medmcqa, pubmedqa, mmlu-medical, truthfulqa/);
    });

    it("no shot source: the error lists the options", async () => {
        const error = (await loadShotPool("medqa", { kind: "train" }, { dataDir: DATA_DIR }).catch((e: unknown) => e)) as Error;
        expect(error.message).toContain("no train split at");
        expect(error.message).toContain("--shots-from FILE");
        expect(error.message).toContain("--shots-from test-excluding-item");
        await expect(loadShotPool("truthfulqa", { kind: "train" }, { dataDir: DATA_DIR })).rejects.toThrow(/TruthfulQA has no train split/);
    });
});

describe("file formats", () => {
    it("CSV: CRLF records, quoted newlines and commas, doubled quotes, no final newline", () => {
        const records = parseCsv('q1,"a, b","line1\nline2\n",x\r\n"say ""hi""",2,,4', "t.csv");
        expect(records.map((record) => record.fields)).toEqual([
            ["q1", "a, b", "line1\nline2\n", "x"],
            ['say "hi"', "2", "", "4"]
        ]);
        expect(records.map((record) => record.line)).toEqual([1, 4]);
    });

    it("ordered JSON keeps integer-like keys in file order", () => {
        const parsed = parseOrderedJson('{"25": 1, "3": {"b": 2, "a": [true, null, "x\\u00e9"]}, "10": -1.5e2}', "t.json") as Map<string, unknown>;
        expect([...parsed.keys()]).toEqual(["25", "3", "10"]);
        expect([...(parsed.get("3") as Map<string, unknown>).keys()]).toEqual(["b", "a"]);
        expect((parsed.get("3") as Map<string, unknown>).get("a")).toEqual([true, null, "x\u00e9"]);
        expect(parsed.get("10")).toBe(-150);
        expect(() => parseOrderedJson('{\n"a": 1,\n"b" 2}', "bad.json")).toThrow(/bad\.json:3: malformed JSON/);
    });
});

describe("shot pools", () => {
    it("MMLU dev pool: the paper's subset order, chemistry absent here", async () => {
        const pool = await loadShotPool("mmlu-medical", { kind: "train" }, { dataDir: DATA_DIR });
        expect(pool.items).toHaveLength(45);
        expect(pool.items[0]!.id).toBe("anatomy:0");
        expect(pool.items.at(-1)!.id).toBe("nutrition:4");
        expect(pool.description).toContain("without high_school_chemistry, college_chemistry");
    });

    it("--shots-from a MedQA dev file and test-excluding-item", async () => {
        const dev = await loadShotPool("medqa", parseShotSource(path.join(DATA_DIR, "medqa/questions/US/dev.jsonl")), { dataDir: DATA_DIR });
        expect(dev.items).toHaveLength(1272);
        const excluding = await loadShotPool("medqa4", parseShotSource("test-excluding-item"), { dataDir: DATA_DIR });
        expect(excluding.excludeCurrentItem).toBe(true);
        expect(excluding.items).toHaveLength(1273);
    });
});
