import type { BenchmarkItem } from "../BenchmarkItem.js";
import { readJsonLines } from "../formats/readJsonLines.js";
import { asRecord, malformedRow, optionLetter, requireString, type RowContext } from "../formats/rowFields.js";

/**
 * Reads MedQA JSON lines (`{question, answer, options: {A..}, meta_info, answer_idx}`), the format
 * of test.jsonl, dev.jsonl, train.jsonl and their 4_options/ counterparts.
 *
 * Options keep the file's key order (A, B, ...). The gold is the key of the first option whose
 * text equals `answer`, exactly as the paper's code derives it (bigbio `med_qa` and GBaker
 * `MedQA-USMLE-4-options` both do `options.index(answer)`), not `answer_idx`.
 * Ids are 0-based row numbers (the files have no id field).
 */
export async function readMedqaRows(file: string, benchmark: "medqa" | "medqa4", optionCount: number): Promise<BenchmarkItem[]> {
    const items: BenchmarkItem[] = [];
    await readJsonLines(file, (value, line) => {
        const ctx: RowContext = { file, line, format: `MedQA ${optionCount}-option JSON line` };
        const record = asRecord(value, ctx);
        const question = requireString(record, "question", ctx);
        const answer = requireString(record, "answer", ctx);
        const rawOptions = record["options"];
        if (typeof rawOptions !== "object" || rawOptions === null || Array.isArray(rawOptions)) {
            throw malformedRow(ctx, 'an "options" object {"A": ..., "B": ...}', rawOptions);
        }
        const entries = Object.entries(rawOptions as Record<string, unknown>);
        if (entries.length !== optionCount) {
            throw malformedRow(ctx, `${optionCount} options (${benchmark})`, `${entries.length} options`);
        }
        const options = entries.map(([key, text], index) => {
            if (key !== optionLetter(index) || typeof text !== "string") {
                throw malformedRow(ctx, `option ${optionLetter(index)} as a string`, `${key}: ${JSON.stringify(text)}`);
            }
            return text;
        });
        const goldIndex = options.indexOf(answer);
        if (goldIndex < 0) throw malformedRow(ctx, '"answer" equal to the text of one of the options', answer);
        const meta = record["meta_info"];
        items.push({
            benchmark,
            id: String(items.length),
            ...(typeof meta === "string" ? { subject: meta } : {}),
            question,
            options,
            gold: optionLetter(goldIndex),
            origin: { file, line }
        });
    });
    return items;
}
