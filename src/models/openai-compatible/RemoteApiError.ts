import { UserError } from "../../util/errors.js";

/**
 * A remote OpenAI-compatible server refused or failed a request (HTTP status, timeout, or
 * unreachable). It is a {@link UserError}: the message names the URL, what happened and what to
 * do; `status` is the HTTP status when there was one.
 */
export class RemoteApiError extends UserError {
    constructor(
        message: string,
        readonly url: string,
        readonly status: number | undefined,
        details: { expected?: string; found?: string; fix?: string; cause?: unknown; body?: string } = {}
    ) {
        super(message, details);
        this.name = "RemoteApiError";
        this.body = details.body;
    }

    /** The response body (truncated), when there was one. */
    readonly body: string | undefined;
}

/** Pulls a readable message out of an OpenAI-style error body (`{"error": {"message": ...}}`) or plain text. */
export function serverErrorMessage(body: string): string {
    try {
        const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
        if (typeof parsed.error === "string") return parsed.error;
        if (parsed.error && typeof parsed.error.message === "string") return parsed.error.message;
        if (typeof parsed.message === "string") return parsed.message;
        if (typeof parsed.detail === "string") return parsed.detail;
    } catch {
        // Not JSON: fall through to the raw text.
    }
    const text = body.trim();
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
