import type { BenchmarkItem } from "../BenchmarkItem.js";
import { readJsonLines } from "../formats/readJsonLines.js";
import { asRecord, malformedRow, optionLetter, optionalString, requireString, type RowContext } from "../formats/rowFields.js";

/**
 * Which number means option A in `cop`. The official MedMCQA files (dev.json, train.json) are
 * 1-based (1=A … 4=D); the Hugging Face `medmcqa` dataset the paper's code loads is 0-based, and
 * its code maps `chr(ord('A') + cop)`. Both give the same letter for the same question.
 */
export type CopBase = 0 | 1;

/** Reads MedMCQA JSON lines `{id, question, opa..opd, cop, exp, subject_name, ...}`. */
export async function readMedmcqaRows(file: string, copBase: CopBase = 1): Promise<BenchmarkItem[]> {
    const items: BenchmarkItem[] = [];
    const seen = new Set<string>();
    await readJsonLines(file, (value, line) => {
        const ctx: RowContext = { file, line, format: "MedMCQA JSON line" };
        const record = asRecord(value, ctx);
        const id = requireString(record, "id", ctx);
        if (seen.has(id)) throw malformedRow(ctx, "a unique id", id);
        seen.add(id);
        const question = requireString(record, "question", ctx);
        const options = ["opa", "opb", "opc", "opd"].map((field) => requireString(record, field, ctx));
        const cop = record["cop"];
        const index = typeof cop === "number" && Number.isInteger(cop) ? cop - copBase : -1;
        if (index < 0 || index > 3) {
            const hint = copBase === 1 && cop === 0 ? " (cop 0 means a 0-based Hugging Face export; load it with copBase 0)" : "";
            throw malformedRow(ctx, `"cop" an integer ${copBase}..${copBase + 3}${hint}`, cop);
        }
        const explanation = optionalString(record, "exp", ctx);
        const subject = optionalString(record, "subject_name", ctx);
        items.push({
            benchmark: "medmcqa",
            id,
            ...(subject === undefined ? {} : { subject }),
            question,
            options,
            gold: optionLetter(index),
            ...(explanation === undefined ? {} : { explanation }),
            origin: { file, line }
        });
    });
    return items;
}
