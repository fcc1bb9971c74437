import { PythonRandom } from "../../shots/PythonRandom.js";
import type { BenchmarkItem } from "../BenchmarkItem.js";
import { parseCsv } from "../formats/parseCsv.js";
import { isOrderedObject, parseOrderedJson } from "../formats/parseOrderedJson.js";
import { malformedRow, optionLetter, type RowContext } from "../formats/rowFields.js";

/** Seed of the distractor draw when none is given: the paper's default run seed. */
export const DEFAULT_TRUTHFULQA_CONVERSION_SEED = 1234;

/** One `mc_task.json` entry: the question and its MC1 choices in file order with 0/1 labels. */
export interface TruthfulqaMcRow {
    readonly question: string;
    readonly mc1: ReadonlyArray<readonly [string, number]>;
}

/** Parses `mc_task.json` (`[{question, mc1_targets: {text: 0|1}, ...}]`), keeping choice order. */
export function parseMcTask(text: string, file: string): TruthfulqaMcRow[] {
    const root = parseOrderedJson(text, file);
    const format = "TruthfulQA mc_task.json entry";
    if (!Array.isArray(root)) throw malformedRow({ file, line: 0, format }, "a JSON array", typeof root);
    return root.map((entry, index) => {
        const ctx: RowContext = { file, line: 0, format: `${format} #${index}` };
        if (!isOrderedObject(entry)) throw malformedRow(ctx, "an object", entry);
        const question = entry.get("question");
        if (typeof question !== "string") throw malformedRow(ctx, 'a string "question"', question);
        const targets = entry.get("mc1_targets");
        if (!isOrderedObject(targets)) throw malformedRow(ctx, '"mc1_targets" as an object {answer: 0|1}', targets);
        const mc1 = [...targets].map(([choice, label]): readonly [string, number] => {
            if (label !== 0 && label !== 1) throw malformedRow(ctx, "mc1 labels 0 or 1", label);
            return [choice, label];
        });
        if (mc1.length < 2 || !mc1.some(([, label]) => label === 1)) {
            throw malformedRow(ctx, "at least 2 mc1 choices, one labelled 1", `${mc1.length} choices`);
        }
        return { question, mc1 };
    });
}

/**
 * The paper's TruthfulQA preprocessing (benchmarks.py `TruthfulQA.custom_preprocessing`), row by
 * row in file order with ONE random generator:
 *
 *     gold = choices[labels.index(1)]; choices.remove(gold)
 *     wrong = random.choices(choices, k=3)          # with replacement
 *     options = [gold] + wrong; random.shuffle(options)
 *     gold letter = "ABCD"[options.index(gold)]
 *
 * The paper calls the unseeded module-level `random`; we use the same algorithm (CPython's
 * MT19937, {@link PythonRandom}) seeded once with `seed`, so `random.seed(seed)` before the
 * paper's code yields the same options.
 */
export function convertTruthfulqa(rows: readonly TruthfulqaMcRow[], seed: number, categories?: ReadonlyMap<string, string>): BenchmarkItem[] {
    const rng = new PythonRandom(seed);
    return rows.map((row, index) => {
        const choices = row.mc1.map(([choice]) => choice);
        const labels = row.mc1.map(([, label]) => label);
        const gold = choices[labels.indexOf(1)]!;
        choices.splice(choices.indexOf(gold), 1);
        const wrong = rng.choices(choices, 3);
        const options = [gold, ...wrong];
        rng.shuffle(options);
        const category = categories?.get(row.question.trim());
        return {
            benchmark: "truthfulqa",
            id: String(index),
            ...(categories === undefined ? {} : { subject: category ?? "Unknown" }),
            question: row.question,
            options,
            gold: optionLetter(options.indexOf(gold))
        };
    });
}

/**
 * Question → Category from `TruthfulQA.csv` (header row; UTF-8 BOM already stripped). Keys are
 * trimmed: one CSV question carries a trailing space that mc_task.json lacks.
 */
export function parseTruthfulqaCategories(text: string, file: string): Map<string, string> {
    const records = parseCsv(text, file);
    const header = records[0]?.fields ?? [];
    const questionColumn = header.indexOf("Question");
    const categoryColumn = header.indexOf("Category");
    if (questionColumn < 0 || categoryColumn < 0) {
        throw malformedRow({ file, line: 1, format: "TruthfulQA.csv header" }, 'columns "Question" and "Category"', header.join(","));
    }
    const categories = new Map<string, string>();
    for (const record of records.slice(1)) {
        const question = record.fields[questionColumn];
        const category = record.fields[categoryColumn];
        if (question === undefined || category === undefined) {
            throw malformedRow({ file, line: record.line, format: "TruthfulQA.csv row" }, `${header.length} columns`, `${record.fields.length} columns`);
        }
        categories.set(question.trim(), category);
    }
    return categories;
}
