/**
 * An error that becomes an HTTP response in the OpenAI error shape
 * (`{"error": {"message", "type", "param", "code"}}`), so OpenAI clients raise their usual
 * typed exceptions. Every invalid request ends as one of these, naming the bad field in `param`.
 */
export class ApiError extends Error {
    constructor(
        readonly status: number,
        message: string,
        readonly options: { readonly type?: string; readonly param?: string | null; readonly code?: string | null; readonly headers?: Record<string, string> } = {}
    ) {
        super(message);
        this.name = "ApiError";
    }

    get type(): string {
        return this.options.type ?? defaultType(this.status);
    }

    toJSON(): { error: { message: string; type: string; param: string | null; code: string | null } } {
        return { error: { message: this.message, type: this.type, param: this.options.param ?? null, code: this.options.code ?? null } };
    }
}

function defaultType(status: number): string {
    if (status === 401) return "authentication_error";
    if (status === 404) return "not_found_error";
    if (status === 413) return "invalid_request_error";
    if (status === 429 || status === 503) return "server_overloaded";
    if (status >= 500) return "server_error";
    return "invalid_request_error";
}

/** 400 naming the field that is wrong. */
export function invalidField(param: string, message: string): ApiError {
    return new ApiError(400, message, { param, code: "invalid_value" });
}
