import { UserError } from "../../../util/errors.js";

/** One CSV record with the 1-based line it starts on (for error messages). */
export interface CsvRecord {
    readonly fields: string[];
    readonly line: number;
}

/**
 * RFC-4180 CSV: comma separated, records end at LF, CRLF or a lone CR, fields may be quoted with
 * `"` (doubled inside), and quoted fields keep their newlines verbatim. A missing final newline is
 * fine; blank lines are skipped (as pandas does). This matches how pandas' C parser (used by the
 * paper's data loaders) splits the MMLU and TruthfulQA files; field contents are returned
 * unchanged (no trimming, no NA conversion).
 */
export function parseCsv(text: string, file: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    let fields: string[] = [];
    let field = "";
    let atFieldStart = true;
    let recordHasContent = false;
    let line = 1;
    let recordLine = 1;
    let i = 0;
    const n = text.length;
    while (i < n) {
        const ch = text[i]!;
        if (ch === '"' && atFieldStart) {
            const quoteLine = line;
            i++;
            let closed = false;
            while (i < n) {
                const c = text[i]!;
                if (c === '"') {
                    if (text[i + 1] === '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    closed = true;
                    break;
                }
                if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line++;
                field += c;
                i++;
            }
            if (!closed) {
                throw new UserError(`${file}:${quoteLine}: malformed CSV`, {
                    expected: "a closing double quote for the quoted field",
                    found: "end of file",
                    fix: "check the file is a complete RFC-4180 CSV (re-download it)"
                });
            }
            const next = text[i];
            if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
                throw new UserError(`${file}:${line}: malformed CSV`, {
                    expected: "a comma or end of line after a closing quote",
                    found: JSON.stringify(next),
                    fix: "quotes inside a quoted field must be doubled (\"\")"
                });
            }
            atFieldStart = false;
            recordHasContent = true;
            continue;
        }
        if (ch === ",") {
            fields.push(field);
            field = "";
            atFieldStart = true;
            recordHasContent = true;
            i++;
            continue;
        }
        if (ch === "\n" || ch === "\r") {
            if (recordHasContent) {
                fields.push(field);
                records.push({ fields, line: recordLine });
            }
            fields = [];
            field = "";
            atFieldStart = true;
            recordHasContent = false;
            i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
            line++;
            recordLine = line;
            continue;
        }
        field += ch;
        atFieldStart = false;
        recordHasContent = true;
        i++;
    }
    if (recordHasContent) {
        fields.push(field);
        records.push({ fields, line: recordLine });
    }
    return records;
}
