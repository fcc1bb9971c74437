import { UserError } from "../../util/errors.js";
import { RemoteApiError, serverErrorMessage } from "./RemoteApiError.js";
import { remoteContextOverflow } from "./remoteContextOverflow.js";
import { backoffDelayMs, isRetryableStatus, retryAfterMs, sleep } from "./retryDelay.js";

export interface OpenAIHttpClientOptions {
    /** Server root or its `/v1` URL; both work. */
    readonly baseURL: string;
    readonly apiKey?: string;
    readonly timeoutMs: number;
    readonly maxRetries: number;
    readonly fetch: typeof fetch;
    readonly headers?: Readonly<Record<string, string>>;
    readonly retryBaseDelayMs: number;
    readonly maxRetryDelayMs: number;
}

export interface RequestOptions {
    readonly signal?: AbortSignal;
    /** Overrides the client's retry count (probes use 0 to fail fast). */
    readonly maxRetries?: number;
}

/** A successful streaming response whose body is still being read. */
export interface OpenStream {
    readonly response: Response;
    /** Restarts the idle timer; call on every received chunk. */
    touch(): void;
    /** Stops the idle timer and aborts the request if it is still open. */
    close(): void;
    /** Whether the idle timer fired. */
    timedOut(): boolean;
    /** Aborts the request (used when a client-side stop string ends generation early). */
    abort(): void;
}

/** Marks an abort caused by our own timer, as opposed to the caller's signal. */
class RequestTimeout extends Error {}

/**
 * Plain-fetch HTTP client for OpenAI-compatible servers: JSON bodies, bearer auth, a per-request
 * timeout (for streams an idle timeout, reset by every chunk), and retries with exponential
 * backoff + jitter on network errors, timeouts, 408/409/429/5xx, honouring Retry-After.
 * The caller's AbortSignal cancels at once, including during a backoff wait.
 */
export class OpenAIHttpClient {
    /** Server root without `/v1` (llama.cpp's /tokenize lives there). */
    readonly rootURL: string;

    constructor(private readonly options: OpenAIHttpClientOptions) {
        this.rootURL = normalizeBaseURL(options.baseURL);
    }

    url(path: string): string {
        return `${this.rootURL}${path}`;
    }

    async getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
        return parseJson<T>(await this.sendForText("GET", path, undefined, options), this.url(path));
    }

    async postJson<T>(path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
        return parseJson<T>(await this.sendForText("POST", path, body, options), this.url(path));
    }

    /** POSTs and returns once response headers arrive; the caller reads `response.body`. */
    async openStream(path: string, body: unknown, options: RequestOptions = {}): Promise<OpenStream> {
        return this.send("POST", path, body, options, async (opened) => opened);
    }

    /** Turns an error thrown while reading a stream into the error to report. */
    streamError(error: unknown, stream: OpenStream, path: string, signal?: AbortSignal): unknown {
        if (signal?.aborted) return signal.reason;
        if (stream.timedOut()) return this.timeoutError(this.url(path));
        return new RemoteApiError(`the connection to ${this.url(path)} broke while streaming: ${describe(error)}`, this.url(path), undefined, {
            fix: "check the server's logs; retry the request",
            cause: error
        });
    }

    private async sendForText(method: string, path: string, body: unknown, options: RequestOptions): Promise<string> {
        return this.send(method, path, body, options, async (opened) => {
            try {
                return await opened.response.text();
            } finally {
                opened.close();
            }
        });
    }

    private async send<T>(method: string, path: string, body: unknown, options: RequestOptions, read: (opened: OpenStream) => Promise<T>): Promise<T> {
        const url = this.url(path);
        const maxRetries = options.maxRetries ?? this.options.maxRetries;
        const headers: Record<string, string> = { accept: "application/json, text/event-stream", ...this.options.headers };
        if (body !== undefined) headers["content-type"] = "application/json";
        if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;

        for (let attempt = 0; ; attempt++) {
            options.signal?.throwIfAborted();
            const attemptController = new AbortController();
            const signal = options.signal ? AbortSignal.any([attemptController.signal, options.signal]) : attemptController.signal;
            let timer: NodeJS.Timeout | undefined;
            const arm = (): void => {
                clearTimeout(timer);
                timer = setTimeout(() => attemptController.abort(new RequestTimeout()), this.options.timeoutMs);
            };
            const opened: OpenStream = {
                response: undefined as unknown as Response,
                touch: arm,
                close: () => {
                    clearTimeout(timer);
                    if (!attemptController.signal.aborted) attemptController.abort(new Error("closed"));
                },
                timedOut: () => attemptController.signal.reason instanceof RequestTimeout,
                abort: () => attemptController.abort(new Error("closed"))
            };
            arm();

            let failure: UserError;
            let waitMs: number | undefined;
            try {
                const response = await this.options.fetch(url, {
                    method,
                    headers,
                    body: body === undefined ? undefined : JSON.stringify(body),
                    signal
                });
                if (response.ok) {
                    (opened as { response: Response }).response = response;
                    return await read(opened);
                }
                const text = await response.text().catch(() => "");
                clearTimeout(timer);
                failure = this.statusError(response.status, url, text, attempt);
                if (!isRetryableStatus(response.status)) throw failure;
                waitMs = retryAfterMs(response.headers);
            } catch (error) {
                clearTimeout(timer);
                if (options.signal?.aborted) throw options.signal.reason;
                if (error instanceof RemoteApiError) throw error;
                if (error instanceof UserError) throw error;
                // Streams return before their body is read, so only whole-body reads get here: safe to retry.
                failure = opened.timedOut() ? this.timeoutError(url) : this.networkError(url, error);
            }
            if (attempt >= maxRetries) throw failure;
            const delay = waitMs ?? backoffDelayMs(attempt, { baseMs: this.options.retryBaseDelayMs, maxMs: this.options.maxRetryDelayMs });
            await sleep(Math.min(delay, Math.max(this.options.maxRetryDelayMs, 60_000)), options.signal);
        }
    }

    /** A RemoteApiError, or the ContextOverflowError that a context-length 400 stands for. */
    private statusError(status: number, url: string, body: string, attempt: number): UserError {
        const message = serverErrorMessage(body);
        const suffix = attempt > 0 ? ` (after ${attempt + 1} attempts)` : "";
        if (status === 401 || status === 403) {
            return new RemoteApiError(`the server at ${url} refused the request: HTTP ${status}${message ? ` ${message}` : ""}`, url, status, {
                expected: "a valid API key for this server",
                found: this.options.apiKey ? "a key the server rejected" : "no API key was sent",
                fix: "pass the key with the apiKey option (the CLI reads MEDITRON_API_KEY or OPENAI_API_KEY)",
                body
            });
        }
        const failure = new RemoteApiError(`${url} answered HTTP ${status}${message ? `: ${message}` : ""}${suffix}`, url, status, {
            fix: isRetryableStatus(status) ? "the server is overloaded or failing; retry later or raise maxRetries" : "check the request options against what the server supports",
            body
        });
        return remoteContextOverflow(failure) ?? failure;
    }

    private timeoutError(url: string): RemoteApiError {
        return new RemoteApiError(`no response from ${url} within ${this.options.timeoutMs} ms`, url, undefined, {
            fix: "raise the timeout (timeoutMs) or check that the server is not overloaded"
        });
    }

    private networkError(url: string, error: unknown): RemoteApiError {
        return new RemoteApiError(`could not reach ${url}: ${describe(error)}`, url, undefined, {
            fix: "check that the server is running and that the base URL is right",
            cause: error
        });
    }
}

/** `http://host:8080/v1/` → `http://host:8080`. Throws a UserError for anything that is not an http(s) URL. */
export function normalizeBaseURL(baseURL: string): string {
    let parsed: URL;
    try {
        parsed = new URL(baseURL);
    } catch {
        throw new UserError("invalid server base URL", { expected: "an http(s) URL such as http://127.0.0.1:8080/v1", found: JSON.stringify(baseURL) });
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
        throw new UserError("invalid server base URL", { expected: "an http:// or https:// URL", found: JSON.stringify(baseURL) });
    }
    let root = `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, "");
    if (root.endsWith("/v1")) root = root.slice(0, -3);
    return root;
}

function parseJson<T>(text: string, url: string): T {
    try {
        return JSON.parse(text) as T;
    } catch (error) {
        throw new RemoteApiError(`${url} returned a body that is not JSON`, url, undefined, {
            expected: "an OpenAI-compatible JSON response",
            found: JSON.stringify(text.slice(0, 120)),
            cause: error
        });
    }
}

function describe(error: unknown): string {
    if (error instanceof Error) {
        const cause = (error as { cause?: unknown }).cause;
        const causeText = cause instanceof Error ? cause.message : undefined;
        return causeText && causeText !== error.message ? `${error.message} (${causeText})` : error.message;
    }
    return String(error);
}
