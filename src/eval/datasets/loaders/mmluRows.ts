import type { BenchmarkItem } from "../BenchmarkItem.js";
import { parseCsv } from "../formats/parseCsv.js";
import { malformedRow } from "../formats/rowFields.js";

const ANSWERS = ["A", "B", "C", "D"];

/**
 * Parses one MMLU CSV (`question,A,B,C,D,answer`, no header, RFC-4180, CRLF or LF). Fields are
 * kept byte for byte, including the newline that ends every nutrition question (the paper's
 * `lukaemon/mmlu` loader reads the same release CSVs with pandas, which keeps it).
 * Ids are `subject:row` with a 0-based row.
 */
export function parseMmluCsv(text: string, file: string, subject: string): BenchmarkItem[] {
    return parseCsv(text, file).map((record, row) => {
        const ctx = { file, line: record.line, format: "MMLU CSV row (question,A,B,C,D,answer)" };
        if (record.fields.length !== 6) throw malformedRow(ctx, "6 columns", `${record.fields.length} columns`);
        const [question, a, b, c, d, answer] = record.fields as [string, string, string, string, string, string];
        if (!ANSWERS.includes(answer)) throw malformedRow(ctx, "an answer letter A-D in column 6", answer);
        return {
            benchmark: "mmlu-medical",
            id: `${subject}:${row}`,
            subject,
            question,
            options: [a, b, c, d],
            gold: answer,
            origin: { file, line: record.line }
        };
    });
}
