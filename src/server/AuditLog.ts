import { appendFileSync } from "node:fs";

/**
 * One audit record: who called which endpoint when, and how many tokens it cost. Never the
 * prompt or the answer: those may hold patient data.
 */
export interface AuditRecord {
    time: string;
    /** Which API key (its index and a short fingerprint, never the key) or "anonymous". */
    who: string;
    remoteAddress: string | null;
    method: string;
    endpoint: string;
    status: number;
    durationMs: number;
    promptTokens: number;
    completionTokens: number;
    task?: string;
}

export interface AuditLog {
    write(record: AuditRecord): void;
}

/** Appends one JSON line per request to `file` (opt-in with `meditron serve --audit-log FILE`). */
export function fileAuditLog(file: string): AuditLog {
    return {
        write(record) {
            // Synchronous append keeps lines whole and ordered; one short line per request is cheap.
            appendFileSync(file, `${JSON.stringify(record)}\n`);
        }
    };
}
