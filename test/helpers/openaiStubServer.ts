import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A test double of a REMOTE OpenAI-compatible server (think vLLM), in-process on 127.0.0.1:0.
 * It is deterministic and speaks enough of the API for client tests:
 * - `GET /v1/models`, `POST /v1/completions`, `POST /v1/chat/completions` (stream or not, `stop`,
 *   `max_tokens`, legacy `logprobs: N`, chat `logprobs`/`top_logprobs`, `echo` with prompt logprobs),
 *   `POST /tokenize` and `/detokenize` (llama.cpp field names, vLLM's `prompt` accepted too);
 * - tokens are whitespace-led words (`" the"`, `" patient"`), see {@link stubTokenize}; ids are
 *   handed out in order of first appearance;
 * - what the "model" says comes from two hooks: `nextToken(prefix)` (log-probabilities of the next
 *   token after a text; used for greedy generation, top logprobs and echo scoring) and, optionally,
 *   `respond(prompt)` (a fixed text, plus optional per-token top logprobs);
 * - it can be told to fail: `failNext(n, {status, retryAfter})`, `failNext(n, {cut: true})` (socket
 *   destroyed without an answer), `failNext(n, {cutStreamAfterEvents})`, and `delayMs`.
 * Every request is recorded in `requests`.
 */
export interface OpenAIStubServerOptions {
    /** Served model ids. Defaults to `["stub-model"]`. */
    readonly models?: readonly string[];
    /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
    readonly apiKey?: string;
    /** Log-probabilities of the next token after `prefix`. Defaults to {@link defaultNextToken}. */
    readonly nextToken?: (prefix: string) => Readonly<Record<string, number>>;
    /** A fixed answer for a prompt; without it the stub generates greedily from `nextToken`. */
    readonly respond?: (prompt: string, request: StubCompletionRequest) => StubGeneration;
    /** Whether `echo: true` returns prompt logprobs (true) or HTTP 400 like llama-server (false). Defaults to true. */
    readonly echo?: boolean;
    /** Whether /tokenize and /detokenize exist. Defaults to true. */
    readonly tokenize?: boolean;
    /** Write each SSE event in several fragments, with comment lines, to exercise client parsers. Defaults to true. */
    readonly fragmentStream?: boolean;
}

export interface StubGeneration {
    readonly text: string;
    /** Top logprobs per generated token (token text → logprob); missing entries come from `nextToken`. */
    readonly topLogprobs?: readonly Readonly<Record<string, number>>[];
}

export interface StubCompletionRequest {
    readonly api: "completions" | "chat";
    readonly body: Record<string, unknown>;
}

export interface StubRecordedRequest {
    readonly method: string;
    readonly path: string;
    readonly headers: IncomingHttpHeaders;
    readonly body: Record<string, unknown> | undefined;
}

export type StubFailure =
    | { readonly status: number; readonly retryAfter?: string; readonly body?: string }
    | { readonly cut: true }
    | { readonly cutStreamAfterEvents: number };

export interface OpenAIStubServer {
    /** `http://127.0.0.1:<port>` */
    readonly url: string;
    /** `http://127.0.0.1:<port>/v1` */
    readonly baseURL: string;
    readonly requests: StubRecordedRequest[];
    /** Delay before answering every request (to test timeouts). */
    delayMs: number;
    /** The next `times` requests fail as described. */
    failNext(times: number, failure: StubFailure): void;
    close(): Promise<void>;
}

/** The stub's tokenizer: runs of whitespace stick to the following word (`" the"`, `"\n\nA"`). */
export function stubTokenize(text: string): string[] {
    return text.match(/\s*\S+|\s+/gu) ?? [];
}

const DEFAULT_VOCABULARY = [" the", " patient", " is", " stable", " A", " B", " C", " D", " yes", " no", " pain", "."];

/** Deterministic pseudo-distribution over a small vocabulary, seeded by the prefix text. */
export function defaultNextToken(prefix: string): Record<string, number> {
    let hash = 2166136261;
    for (let index = 0; index < prefix.length; index++) {
        hash ^= prefix.charCodeAt(index);
        hash = Math.imul(hash, 16777619) >>> 0;
    }
    const logits = DEFAULT_VOCABULARY.map((_, index) => (Math.imul(hash ^ (index * 2654435761), 2246822519) >>> 0) % 1000 / 250);
    const max = Math.max(...logits);
    const total = logits.reduce((sum, logit) => sum + Math.exp(logit - max), 0);
    return Object.fromEntries(DEFAULT_VOCABULARY.map((token, index) => [token, logits[index]! - max - Math.log(total)]));
}

export async function startOpenAIStubServer(options: OpenAIStubServerOptions = {}): Promise<OpenAIStubServer> {
    const models = options.models ?? ["stub-model"];
    const nextToken = options.nextToken ?? defaultNextToken;
    const vocabulary = new Map<string, number>();
    const byId = new Map<number, string>();
    const failures: StubFailure[] = [];
    const requests: StubRecordedRequest[] = [];
    const sockets = new Set<import("node:net").Socket>();

    const tokenId = (token: string): number => {
        let id = vocabulary.get(token);
        if (id === undefined) {
            id = 100 + vocabulary.size;
            vocabulary.set(token, id);
            byId.set(id, token);
        }
        return id;
    };

    const state = {
        delayMs: 0
    };

    const server = createServer((request, response) => {
        void handle(request, response).catch((error: unknown) => {
            if (!response.headersSent) sendJson(response, 500, { error: { message: String(error) } });
            else response.destroy();
        });
    });
    server.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });

    async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
        const raw = await readBody(request);
        const body = raw === "" ? undefined : (JSON.parse(raw) as Record<string, unknown>);
        const path = new URL(request.url ?? "/", "http://stub").pathname;
        requests.push({ method: request.method ?? "GET", path, headers: request.headers, body });
        if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));

        const failure = failures.shift();
        if (failure && "cut" in failure) {
            request.socket.destroy();
            return;
        }
        if (failure && "status" in failure) {
            const headers: Record<string, string> = failure.retryAfter !== undefined ? { "retry-after": failure.retryAfter } : {};
            sendJson(response, failure.status, failure.body !== undefined ? failure.body : { error: { message: `stub failure ${failure.status}` } }, headers);
            return;
        }
        const cutStreamAfterEvents = failure && "cutStreamAfterEvents" in failure ? failure.cutStreamAfterEvents : undefined;

        if (options.apiKey !== undefined && request.headers.authorization !== `Bearer ${options.apiKey}`) {
            sendJson(response, 401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } });
            return;
        }
        if (request.method === "GET" && path === "/v1/models") {
            sendJson(response, 200, { object: "list", data: models.map((id) => ({ id, object: "model", owned_by: "stub" })) });
            return;
        }
        if (request.method === "POST" && (path === "/tokenize" || path === "/detokenize") && options.tokenize !== false) {
            if (path === "/tokenize") {
                const text = typeof body?.content === "string" ? body.content : String(body?.prompt ?? "");
                sendJson(response, 200, { tokens: stubTokenize(text).map(tokenId) });
            } else {
                const ids = (body?.tokens as number[] | undefined) ?? [];
                sendJson(response, 200, { content: ids.map((id) => byId.get(id) ?? "").join("") });
            }
            return;
        }
        if (request.method === "POST" && (path === "/v1/completions" || path === "/v1/chat/completions")) {
            const api = path === "/v1/completions" ? "completions" : "chat";
            if (typeof body?.model !== "string" || !models.includes(body.model)) {
                sendJson(response, 404, { error: { message: `The model \`${String(body?.model)}\` does not exist`, type: "invalid_request_error", code: "model_not_found" } });
                return;
            }
            await complete(api, body, response, cutStreamAfterEvents);
            return;
        }
        sendJson(response, 404, { error: { message: `no route ${request.method} ${path}` } });
    }

    async function complete(api: "completions" | "chat", body: Record<string, unknown>, response: ServerResponse, cutStreamAfterEvents: number | undefined): Promise<void> {
        const prompt = api === "completions" ? String(body.prompt ?? "") : ((body.messages as { content?: string }[] | undefined) ?? []).map((message) => message.content ?? "").join("\n");
        const maxTokens = typeof body.max_tokens === "number" ? body.max_tokens : 16;
        const echo = api === "completions" && body.echo === true;
        if (echo && options.echo === false) {
            sendJson(response, 400, { error: { message: "Only no echo is supported", type: "invalid_request_error" } });
            return;
        }
        const topN = api === "completions" ? (typeof body.logprobs === "number" ? body.logprobs : undefined) : body.logprobs === true ? Number(body.top_logprobs ?? 0) : undefined;
        const stops = typeof body.stop === "string" ? [body.stop] : Array.isArray(body.stop) ? (body.stop as string[]) : [];

        // Generate: a fixed answer or greedy decoding, then max_tokens and stop strings.
        let generated: { text: string; logprob: number; top: Record<string, number> }[] = [];
        if (options.respond) {
            const answer = options.respond(prompt, { api, body });
            let prefix = prompt;
            generated = stubTokenize(answer.text).map((text, index) => {
                const top = { ...(answer.topLogprobs?.[index] ?? nextToken(prefix)) };
                prefix += text;
                const logprob = top[text] ?? -1;
                top[text] = logprob;
                return { text, logprob, top };
            });
        } else {
            let prefix = prompt;
            for (let index = 0; index < maxTokens; index++) {
                const top = nextToken(prefix);
                const best = Object.entries(top).sort((a, b) => b[1] - a[1])[0]!;
                generated.push({ text: best[0], logprob: best[1], top: { ...top } });
                prefix += best[0];
            }
        }
        let finishReason = "stop";
        if (generated.length > maxTokens) {
            generated = generated.slice(0, maxTokens);
            finishReason = "length";
        } else if (!options.respond) {
            finishReason = "length";
        }
        const joined = generated.map((token) => token.text).join("");
        const cutAt = stops.map((stop) => joined.indexOf(stop)).filter((at) => at !== -1).sort((a, b) => a - b)[0];
        if (cutAt !== undefined) {
            const kept: typeof generated = [];
            let length = 0;
            for (const token of generated) {
                if (length >= cutAt) break;
                const room = cutAt - length;
                kept.push(token.text.length <= room ? token : { ...token, text: token.text.slice(0, room) });
                length += token.text.length;
            }
            generated = kept;
            finishReason = "stop";
        }

        // Echo: prompt tokens with their logprobs come first.
        const promptTokens = stubTokenize(prompt);
        const echoed: { text: string; logprob: number | null; top: Record<string, number> | null }[] = [];
        if (echo) {
            let prefix = "";
            for (const [index, text] of promptTokens.entries()) {
                if (index === 0) echoed.push({ text, logprob: null, top: null });
                else {
                    const distribution = nextToken(prefix);
                    const logprob = distribution[text] ?? -12;
                    echoed.push({ text, logprob, top: { ...distribution, [text]: logprob } });
                }
                prefix += text;
            }
        }
        const limitTop = (top: Record<string, number> | null, chosen: string): Record<string, number> | null => {
            if (top === null || topN === undefined) return null;
            const entries = Object.entries(top).sort((a, b) => b[1] - a[1]).slice(0, topN);
            if (!entries.some(([text]) => text === chosen) && top[chosen] !== undefined) entries.push([chosen, top[chosen]]);
            return Object.fromEntries(entries);
        };
        const usage = { prompt_tokens: promptTokens.length, completion_tokens: generated.length, total_tokens: promptTokens.length + generated.length };
        const created = 1_700_000_000;
        const echoText = echo ? prompt : "";

        const completionLogprobs = (tokens: { text: string; logprob: number | null; top: Record<string, number> | null }[], startOffset: number) => {
            let offset = startOffset;
            const text_offset = tokens.map((token) => {
                const at = offset;
                offset += [...token.text].length;
                return at;
            });
            return {
                tokens: tokens.map((token) => token.text),
                token_logprobs: tokens.map((token) => token.logprob),
                top_logprobs: tokens.map((token) => limitTop(token.top, token.text)),
                text_offset
            };
        };
        const chatLogprobs = (tokens: typeof generated) => ({
            content: tokens.map((token) => ({
                token: token.text,
                logprob: token.logprob,
                top_logprobs: Object.entries(limitTop(token.top, token.text) ?? {}).map(([text, logprob]) => ({ token: text, logprob }))
            }))
        });
        const wantLogprobs = topN !== undefined;

        if (body.stream !== true) {
            const text = echoText + generated.map((token) => token.text).join("");
            const choice =
                api === "completions"
                    ? { index: 0, text, finish_reason: finishReason, logprobs: wantLogprobs ? completionLogprobs([...echoed, ...generated], 0) : null }
                    : { index: 0, message: { role: "assistant", content: text }, finish_reason: finishReason, logprobs: wantLogprobs ? chatLogprobs(generated) : null };
            sendJson(response, 200, { id: "cmpl-stub", object: api === "completions" ? "text_completion" : "chat.completion", created, model: body.model, choices: [choice], usage });
            return;
        }

        response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
        const fragment = options.fragmentStream !== false;
        let events = 0;
        const write = async (payload: string): Promise<boolean> => {
            if (cutStreamAfterEvents !== undefined && events >= cutStreamAfterEvents) {
                response.socket?.destroy();
                return false;
            }
            events += 1;
            const bytes = Buffer.from(payload, "utf8");
            if (fragment && bytes.length > 2) {
                // Split at an arbitrary byte (possibly inside a UTF-8 character) and let the halves travel apart.
                const cut = Math.max(1, Math.floor(bytes.length / 2));
                response.write(bytes.subarray(0, cut));
                await new Promise((resolve) => setTimeout(resolve, 2));
                response.write(bytes.subarray(cut));
            } else {
                response.write(bytes);
            }
            return true;
        };
        if (fragment) response.write(": stub keep-alive\n\n");
        let offset = 0;
        const base = { id: "cmpl-stub", object: api === "completions" ? "text_completion" : "chat.completion.chunk", created, model: body.model };
        for (const token of generated) {
            const chunk =
                api === "completions"
                    ? { ...base, choices: [{ index: 0, text: token.text, finish_reason: null, logprobs: wantLogprobs ? completionLogprobs([token], offset) : null }] }
                    : { ...base, choices: [{ index: 0, delta: { content: token.text }, finish_reason: null, logprobs: wantLogprobs ? chatLogprobs([token]) : null }] };
            offset += [...token.text].length;
            if (!(await write(`data: ${JSON.stringify(chunk)}\n\n`))) return;
        }
        const last = api === "completions" ? { ...base, choices: [{ index: 0, text: "", finish_reason: finishReason, logprobs: null }] } : { ...base, choices: [{ index: 0, delta: {}, finish_reason: finishReason }] };
        if (!(await write(`data: ${JSON.stringify(last)}\n\n`))) return;
        const streamOptions = body.stream_options as { include_usage?: boolean } | undefined;
        if (streamOptions?.include_usage) {
            if (!(await write(`data: ${JSON.stringify({ ...base, choices: [], usage })}\n\n`))) return;
        }
        if (!(await write("data: [DONE]\n\n"))) return;
        response.end();
    }

    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    return {
        url,
        baseURL: `${url}/v1`,
        requests,
        get delayMs() {
            return state.delayMs;
        },
        set delayMs(value: number) {
            state.delayMs = value;
        },
        failNext(times: number, failure: StubFailure): void {
            for (let index = 0; index < times; index++) failures.push(failure);
        },
        close(): Promise<void> {
            for (const socket of sockets) socket.destroy();
            return new Promise((resolve) => server.close(() => resolve()));
        }
    };
}

function readBody(request: IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        request.on("error", reject);
    });
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
    response.end(text);
}
