import { UserError } from "../../../util/errors.js";

/** Where a record came from, for error messages. */
export interface RowContext {
    readonly file: string;
    readonly line: number;
    /** Human name of the record format, e.g. "MedQA JSON line". */
    readonly format: string;
}

/** A UserError for a record that does not have the expected shape. */
export function malformedRow(ctx: RowContext, expected: string, found: unknown): UserError {
    const shown = typeof found === "string" ? JSON.stringify(found.slice(0, 60)) : found === undefined ? "nothing" : JSON.stringify(found)?.slice(0, 60);
    return new UserError(`${ctx.file}${ctx.line > 0 ? `:${ctx.line}` : ""}: malformed ${ctx.format}`, {
        expected,
        found: shown ?? String(found),
        fix: "check the file is the unmodified benchmark file in its official format"
    });
}

export function asRecord(value: unknown, ctx: RowContext): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw malformedRow(ctx, "a JSON object", value);
    return value as Record<string, unknown>;
}

export function requireString(record: Record<string, unknown>, field: string, ctx: RowContext): string {
    const value = record[field];
    if (typeof value !== "string") throw malformedRow(ctx, `a string field "${field}"`, value);
    return value;
}

/** A string field that may be null or absent (MedMCQA `exp`). */
export function optionalString(record: Record<string, unknown>, field: string, ctx: RowContext): string | undefined {
    const value = record[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") throw malformedRow(ctx, `a string or null field "${field}"`, value);
    return value;
}

/** Option letter for a 0-based index: chr(65 + i) as in the paper's format_mcq. */
export function optionLetter(index: number): string {
    return String.fromCharCode(65 + index);
}
