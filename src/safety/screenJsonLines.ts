import type { SafetyDecision } from "./SafetyDecision.js";

/** One screened line of a bulk check: the fields reviewers audit. */
export interface BulkDecision {
    readonly id: string;
    readonly emergency: boolean;
    readonly category: string | null;
    readonly action: SafetyDecision["action"];
    readonly rule: string | null;
}

/** A line that could not be screened, with its 1-based line number. */
export interface BulkLineError {
    readonly line: number;
    readonly message: string;
}

/**
 * Screens `{"id", "text"}` JSON lines. Blank lines are skipped; a line that is not a JSON object
 * with a string `text` is reported (with its line number) instead of stopping the run, so one
 * bad line does not hide the decisions on all the others.
 */
export function screenJsonLines(content: string, screen: (text: string) => SafetyDecision): { decisions: BulkDecision[]; errors: BulkLineError[] } {
    const decisions: BulkDecision[] = [];
    const errors: BulkLineError[] = [];
    content.split(/\r?\n/).forEach((raw, index) => {
        const line = index + 1;
        if (raw.trim() === "") return;
        let value: unknown;
        try {
            value = JSON.parse(raw);
        } catch (error) {
            errors.push({ line, message: `not valid JSON (${error instanceof Error ? error.message : String(error)})` });
            return;
        }
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            errors.push({ line, message: 'expected a JSON object like {"id": "1", "text": "..."}' });
            return;
        }
        const record = value as { id?: unknown; text?: unknown };
        if (typeof record.text !== "string") {
            errors.push({ line, message: `expected a string "text" field, found ${record.text === undefined ? "none" : typeof record.text}` });
            return;
        }
        const id = typeof record.id === "string" || typeof record.id === "number" ? String(record.id) : String(line);
        const d = screen(record.text);
        decisions.push({ id, emergency: d.emergency, category: d.category, action: d.action, rule: d.rule });
    });
    return { decisions, errors };
}
