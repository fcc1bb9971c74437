/**
 * Errors a user can act on. Every boundary (files, flags, HTTP requests) throws one of these:
 * the CLI prints `message` on one line (no stack unless --verbose), the server maps it to a 4xx.
 *
 * The message always says what was expected, what was found and how to fix it.
 */
export class UserError extends Error {
    constructor(
        message: string,
        readonly details: { readonly expected?: string; readonly found?: string; readonly fix?: string; readonly cause?: unknown } = {}
    ) {
        super(formatUserMessage(message, details), details.cause === undefined ? undefined : { cause: details.cause });
        this.name = "UserError";
    }
}

function formatUserMessage(message: string, details: { expected?: string; found?: string; fix?: string }): string {
    const parts = [message];
    if (details.expected !== undefined) parts.push(`expected ${details.expected}`);
    if (details.found !== undefined) parts.push(`found ${details.found}`);
    if (details.fix !== undefined) parts.push(details.fix);
    return parts.join("; ");
}

export function isUserError(error: unknown): error is UserError {
    return error instanceof UserError;
}

export function errorMessage(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
