import {
    UnsupportedCapabilityError,
    type ContinuationScore,
    type GenerateOptions,
    type Generation,
    type LanguageModel,
    type ModelCapabilities,
    type ModelInfo,
    type NextTokenDistribution,
    type NextTokenOptions
} from "../LanguageModel.js";
import { promptToString, type Prompt } from "../Prompt.js";
import { UserError } from "../../util/errors.js";
import { ConcurrencyLimiter } from "./ConcurrencyLimiter.js";
import { candidateProbability, codePointLength, readTokenLogprobs, toGeneratedTokens, topEntries, type TokenLogprob } from "./logprobs.js";
import { OpenAIHttpClient, type OpenStream } from "./OpenAIHttpClient.js";
import { parseSse } from "./parseSse.js";
import { RemoteApiError } from "./RemoteApiError.js";
import { StopSequenceFilter } from "./StopSequenceFilter.js";
import type { ChoiceWire, CompletionResponseWire, ModelListWire } from "./wireTypes.js";

/** Options of {@link createOpenAICompatibleModel}. */
export interface OpenAICompatibleModelOptions {
    /** Server URL, with or without the trailing `/v1` (e.g. `http://127.0.0.1:8080/v1`). */
    readonly baseURL: string;
    /** Model id sent in every request (see `GET /v1/models`). */
    readonly model: string;
    /** Sent as `Authorization: Bearer …`. The library never reads environment variables; the CLI passes MEDITRON_API_KEY / OPENAI_API_KEY in. */
    readonly apiKey?: string;
    /**
     * `"completions"` sends raw prompts to `/v1/completions` (right for MediTron, a base model).
     * `"chat"` wraps the prompt in one user message for chat-only servers; the server then applies
     * its own chat template. Defaults to `"completions"`.
     */
    readonly api?: "completions" | "chat";
    /** Per-request timeout; for streams, the longest silence between two chunks. Defaults to 120000 ms. */
    readonly timeoutMs?: number;
    /** Retries on network errors, timeouts, 408/409/429/5xx. Defaults to 3. */
    readonly maxRetries?: number;
    /** Requests in flight at once; more wait in a queue. Defaults to 4. */
    readonly concurrency?: number;
    /** fetch implementation (tests, proxies). Defaults to the global fetch. */
    readonly fetch?: typeof fetch;
    /**
     * Whether `/v1/completions` accepts `echo: true` with `logprobs` (prompt log-probabilities,
     * needed by `scoreContinuations`). vLLM does; llama.cpp's llama-server does not.
     * {@link connectOpenAICompatibleModel} probes it when left undefined. Defaults to false.
     */
    readonly echo?: boolean;
    /** `max_tokens` sent with echo requests: 0 where the server accepts it, else 1 (the extra token is ignored). Defaults to 0. */
    readonly echoMaxTokens?: 0 | 1;
    /** Whether the server has llama.cpp/vLLM-style `/tokenize` and `/detokenize`. Probed by connect. Defaults to false. */
    readonly tokenizeEndpoint?: boolean;
    /** Whether the server accepts `response_format: {type: "json_schema"}`. Defaults to false. */
    readonly jsonSchema?: boolean;
    /** Most top-logprobs the server returns per token (OpenAI: 5 for completions, 20 for chat; vLLM: --max-logprobs). Defaults to 20. */
    readonly maxTopLogprobs?: number;
    /** The model's context length, when known, recorded in `info`. */
    readonly contextSize?: number;
    /** Extra HTTP headers on every request. */
    readonly headers?: Readonly<Record<string, string>>;
    /** First backoff step; the wait doubles per retry (with jitter). Defaults to 500 ms. */
    readonly retryBaseDelayMs?: number;
    /** Longest backoff wait. Defaults to 30000 ms. */
    readonly maxRetryDelayMs?: number;
}

const COMPLETIONS_PATH = "/v1/completions";
const CHAT_PATH = "/v1/chat/completions";

/**
 * A model served by a remote OpenAI-compatible engine (vLLM, llama.cpp server, Ollama, LM Studio,
 * another `meditron serve`), spoken to with plain fetch.
 *
 * Prompts travel as text: special parts are sent as their literal strings (`<|im_start|>`), and
 * the remote server tokenizes them however it is configured to (llama-server and vLLM usually
 * parse them as control tokens). Token ids are only available where the server has `/tokenize`.
 */
export class OpenAICompatibleModel implements LanguageModel {
    readonly info: ModelInfo;
    readonly capabilities: ModelCapabilities;
    private readonly client: OpenAIHttpClient;
    private readonly limiter: ConcurrencyLimiter;
    private readonly api: "completions" | "chat";
    private readonly maxTopLogprobs: number;
    private readonly disposeController = new AbortController();

    constructor(private readonly options: OpenAICompatibleModelOptions) {
        if (typeof options.model !== "string" || options.model.trim() === "") {
            throw new UserError("missing remote model id", { expected: "the model id the server serves (see GET /v1/models)", found: JSON.stringify(options.model) });
        }
        const concurrency = positiveInteger(options.concurrency ?? 4, "concurrency");
        this.api = options.api ?? "completions";
        if (this.api !== "completions" && this.api !== "chat") {
            throw new UserError("unknown remote API", { expected: '"completions" or "chat"', found: JSON.stringify(options.api) });
        }
        this.maxTopLogprobs = positiveInteger(options.maxTopLogprobs ?? 20, "maxTopLogprobs");
        this.client = new OpenAIHttpClient({
            baseURL: options.baseURL,
            apiKey: options.apiKey,
            timeoutMs: positiveInteger(options.timeoutMs ?? 120_000, "timeoutMs"),
            maxRetries: nonNegativeInteger(options.maxRetries ?? 3, "maxRetries"),
            fetch: options.fetch ?? globalThis.fetch,
            headers: options.headers,
            retryBaseDelayMs: options.retryBaseDelayMs ?? 500,
            maxRetryDelayMs: options.maxRetryDelayMs ?? 30_000
        });
        this.limiter = new ConcurrencyLimiter(concurrency);
        const echo = this.api === "completions" && options.echo === true;
        this.capabilities = {
            nextTokenDistribution: "top",
            scoreContinuations: echo,
            generationLogprobs: true,
            tokenize: options.tokenizeEndpoint === true,
            jsonSchema: options.jsonSchema === true,
            parallelism: concurrency
        };
        this.info = {
            backend: "openai-compatible",
            name: options.model,
            source: this.client.rootURL,
            ...(options.contextSize !== undefined ? { contextSize: options.contextSize } : {}),
            details: { api: this.api, echo, tokenizeEndpoint: this.capabilities.tokenize }
        };
    }

    async generate(prompt: Prompt, options: GenerateOptions = {}): Promise<Generation> {
        this.assertUsable();
        const maxTokens = positiveInteger(options.maxTokens ?? 256, "maxTokens");
        if (options.jsonSchema !== undefined && !this.capabilities.jsonSchema) {
            throw new UnsupportedCapabilityError("jsonSchema", this.info.backend, "declare jsonSchema: true if the server accepts response_format json_schema");
        }
        const topLogprobs = options.logprobs === undefined ? undefined : Math.min(nonNegativeInteger(options.logprobs, "logprobs"), this.maxTopLogprobs);
        const stops = (options.stop ?? []).filter((stop) => stop !== "");
        const body: Record<string, unknown> = {
            ...this.promptBody(promptToString(prompt)),
            max_tokens: maxTokens,
            temperature: options.temperature ?? 0,
            ...optional("top_p", options.topP),
            ...optional("top_k", options.topK),
            ...optional("min_p", options.minP),
            ...optional("seed", options.seed),
            ...optional("frequency_penalty", options.frequencyPenalty),
            ...optional("presence_penalty", options.presencePenalty),
            // llama.cpp reads repeat_penalty, vLLM repetition_penalty.
            ...optional("repeat_penalty", options.repeatPenalty),
            ...optional("repetition_penalty", options.repeatPenalty),
            // OpenAI accepts at most 4 stop strings; the rest are enforced client-side.
            ...(stops.length > 0 ? { stop: stops.slice(0, 4) } : {}),
            ...(topLogprobs !== undefined ? this.logprobsBody(topLogprobs) : {}),
            ...(options.jsonSchema !== undefined
                ? { response_format: { type: "json_schema", json_schema: { name: "output", schema: options.jsonSchema, strict: true } } }
                : {})
        };
        const signal = this.callSignal(options.signal);
        return this.limiter.run(() =>
            options.onText ? this.generateStreaming(body, stops, topLogprobs, signal, options.signal, options.onText) : this.generateOnce(body, stops, topLogprobs, signal, options.signal)
        );
    }

    async nextTokenDistribution(prompt: Prompt, options: NextTokenOptions = {}): Promise<NextTokenDistribution> {
        this.assertUsable();
        const topK = positiveInteger(options.topK ?? 10, "topK");
        const candidates = options.candidates ?? [];
        // Candidates are looked up in the top list, so ask for as many entries as the server allows.
        const requested = Math.min(candidates.length > 0 ? Math.max(topK, this.maxTopLogprobs) : topK, this.maxTopLogprobs);
        const body = { ...this.promptBody(promptToString(prompt)), max_tokens: 1, temperature: 0, ...this.logprobsBody(requested) };
        const response = await this.limiter.run(() => this.client.postJson<CompletionResponseWire>(this.path(), body, { signal: this.callSignal(options.signal) }).catch((error: unknown) => this.explain(error)));
        const first = readTokenLogprobs(response.choices?.[0]?.logprobs)[0];
        if (first === undefined || first.top.length === 0) {
            throw new RemoteApiError(`${this.client.url(this.path())} returned no top logprobs`, this.client.url(this.path()), undefined, {
                expected: `logprobs with ${requested} alternatives for the first generated token`,
                found: "none",
                fix: "use a server that supports logprobs on this endpoint (vLLM, llama.cpp server, meditron serve)"
            });
        }
        return {
            top: first.top.slice(0, topK).map((entry) => ({ token: null, text: entry.text, prob: Math.exp(entry.logprob) })),
            candidates: candidates.map((candidate) => candidateProbability(candidate, first.top)),
            promptTokens: response.usage?.prompt_tokens ?? 0
        };
    }

    async scoreContinuations(prompt: Prompt, continuations: readonly string[], options: { signal?: AbortSignal } = {}): Promise<ContinuationScore[]> {
        this.assertUsable();
        if (!this.capabilities.scoreContinuations) {
            throw new UnsupportedCapabilityError(
                "scoreContinuations",
                this.info.backend,
                this.api === "chat"
                    ? "prompt log-probabilities need /v1/completions with echo; chat completions cannot score a given continuation"
                    : "the server must return prompt logprobs for echo: true on /v1/completions (vLLM and meditron serve do, llama.cpp's llama-server does not); declare echo: true if it does, or run the model locally"
            );
        }
        const context = promptToString(prompt);
        const signal = this.callSignal(options.signal);
        return Promise.all(
            continuations.map((continuation) => {
                if (typeof continuation !== "string" || continuation === "") {
                    throw new UserError("cannot score an empty continuation", { expected: "non-empty continuation strings", found: JSON.stringify(continuation) });
                }
                return this.limiter.run(() => this.scoreOne(context, continuation, signal));
            })
        );
    }

    async tokenize(text: string, options: { specialTokens?: boolean } = {}): Promise<number[]> {
        this.assertUsable();
        this.requireTokenizeEndpoint("tokenize");
        // Field names of both llama.cpp (content, add_special, parse_special) and vLLM (prompt, add_special_tokens).
        const body = { model: this.options.model, content: text, prompt: text, add_special: false, add_special_tokens: false, parse_special: options.specialTokens === true };
        const response = await this.limiter.run(() => this.client.postJson<{ tokens?: unknown }>("/tokenize", body, { signal: this.callSignal() }));
        const tokens = response.tokens;
        if (!Array.isArray(tokens) || !tokens.every((token) => typeof token === "number")) {
            throw new RemoteApiError(`${this.client.url("/tokenize")} returned no token ids`, this.client.url("/tokenize"), undefined, { expected: '{"tokens": [numbers]}', found: JSON.stringify(response).slice(0, 120) });
        }
        return tokens as number[];
    }

    async detokenize(tokens: readonly number[]): Promise<string> {
        this.assertUsable();
        this.requireTokenizeEndpoint("tokenize");
        const response = await this.limiter.run(() =>
            this.client.postJson<{ content?: unknown; prompt?: unknown }>("/detokenize", { model: this.options.model, tokens }, { signal: this.callSignal() })
        );
        const text = typeof response.content === "string" ? response.content : response.prompt;
        if (typeof text !== "string") {
            throw new RemoteApiError(`${this.client.url("/detokenize")} returned no text`, this.client.url("/detokenize"), undefined, { expected: '{"content": "..."} or {"prompt": "..."}', found: JSON.stringify(response).slice(0, 120) });
        }
        return text;
    }

    async dispose(): Promise<void> {
        this.disposeController.abort(new Error("the model was disposed"));
    }

    /** Model ids listed by `GET /v1/models`, or undefined when the server does not list them. */
    async listServerModels(signal?: AbortSignal): Promise<string[] | undefined> {
        try {
            const response = await this.client.getJson<ModelListWire>("/v1/models", { signal, maxRetries: 0 });
            const ids = [...(response.data ?? []), ...(response.models ?? [])]
                .map((entry) => ("id" in entry && typeof entry.id === "string" ? entry.id : (entry as { name?: string }).name))
                .filter((id): id is string => typeof id === "string");
            return ids;
        } catch (error) {
            if (error instanceof RemoteApiError && (error.status === 401 || error.status === 403)) throw error;
            return undefined;
        }
    }

    private async generateOnce(body: Record<string, unknown>, stops: readonly string[], topLogprobs: number | undefined, signal: AbortSignal, callerSignal?: AbortSignal): Promise<Generation> {
        let response: CompletionResponseWire;
        try {
            response = await this.client.postJson<CompletionResponseWire>(this.path(), body, { signal });
        } catch (error) {
            if (callerSignal?.aborted) return { text: "", finishReason: "abort", usage: { promptTokens: 0, completionTokens: 0 } };
            return this.explain(error);
        }
        const choice = response.choices?.[0];
        const filter = new StopSequenceFilter(stops);
        let text = filter.push(choiceText(choice));
        text += filter.flush();
        const tokens = readTokenLogprobs(choice?.logprobs);
        const finishReason = filter.stopped ? "stop" : mapFinishReason(choice?.finish_reason);
        return {
            text,
            finishReason,
            usage: { promptTokens: response.usage?.prompt_tokens ?? 0, completionTokens: response.usage?.completion_tokens ?? tokens.length },
            ...(topLogprobs !== undefined ? { tokens: toGeneratedTokens(trimTokensToText(tokens, text), topLogprobs) } : {})
        };
    }

    private async generateStreaming(
        body: Record<string, unknown>,
        stops: readonly string[],
        topLogprobs: number | undefined,
        signal: AbortSignal,
        callerSignal: AbortSignal | undefined,
        onText: (text: string) => void
    ): Promise<Generation> {
        const streamBody = { ...body, stream: true, stream_options: { include_usage: true } };
        let stream: OpenStream;
        try {
            stream = await this.client.openStream(this.path(), streamBody, { signal });
        } catch (error) {
            if (callerSignal?.aborted) return { text: "", finishReason: "abort", usage: { promptTokens: 0, completionTokens: 0 } };
            return this.explain(error);
        }
        const filter = new StopSequenceFilter(stops);
        const tokens: TokenLogprob[] = [];
        let text = "";
        let finishReason: Generation["finishReason"] = "stop";
        let usage: { promptTokens: number; completionTokens: number } | undefined;
        let pieces = 0;
        const emit = (piece: string): void => {
            if (piece === "") return;
            text += piece;
            onText(piece);
        };
        try {
            const responseBody = stream.response.body;
            if (responseBody === null) throw new Error("the response has no body");
            for await (const event of parseSse(responseBody as AsyncIterable<Uint8Array>)) {
                stream.touch();
                if (event.data === "[DONE]") break;
                const chunk = parseChunk(event.data, this.client.url(this.path()));
                if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens ?? 0, completionTokens: chunk.usage.completion_tokens ?? 0 };
                const choice = chunk.choices?.[0];
                if (!choice) continue;
                const piece = choiceText(choice);
                if (piece !== "") pieces += 1;
                tokens.push(...readTokenLogprobs(choice.logprobs));
                emit(filter.push(piece));
                if (filter.stopped) {
                    finishReason = "stop";
                    break;
                }
                if (choice.finish_reason) finishReason = mapFinishReason(choice.finish_reason);
            }
            emit(filter.flush());
        } catch (error) {
            if (!callerSignal?.aborted) throw this.client.streamError(error, stream, this.path(), signal);
            finishReason = "abort";
            emit(filter.flush());
        } finally {
            stream.close();
        }
        return {
            text,
            finishReason,
            usage: usage ?? { promptTokens: 0, completionTokens: tokens.length > 0 ? tokens.length : pieces },
            ...(topLogprobs !== undefined ? { tokens: toGeneratedTokens(trimTokensToText(tokens, text), topLogprobs) } : {})
        };
    }

    /**
     * lm-evaluation-harness `loglikelihood` over the API: send context + continuation with
     * `echo: true, logprobs: 1`, then sum the logprobs of the tokens that start inside the
     * continuation (located by `text_offset`, in code points).
     */
    private async scoreOne(context: string, continuation: string, signal: AbortSignal): Promise<ContinuationScore> {
        const body = { model: this.options.model, prompt: context + continuation, max_tokens: this.options.echoMaxTokens ?? 0, echo: true, logprobs: 1, temperature: 0 };
        const response = await this.client.postJson<CompletionResponseWire>(COMPLETIONS_PATH, body, { signal }).catch((error: unknown) => this.explain(error));
        const logprobs = response.choices?.[0]?.logprobs;
        const tokens = logprobs?.tokens ?? [];
        const tokenLogprobs = logprobs?.token_logprobs ?? [];
        if (tokens.length === 0 || tokenLogprobs.length !== tokens.length) {
            throw new RemoteApiError(`${this.client.url(COMPLETIONS_PATH)} returned no prompt logprobs for echo: true`, this.client.url(COMPLETIONS_PATH), undefined, {
                expected: "logprobs.tokens and logprobs.token_logprobs covering the prompt",
                found: JSON.stringify(logprobs ?? null).slice(0, 120),
                fix: "this server does not support echo; create the model with echo: false"
            });
        }
        const offsets = logprobs?.text_offset && logprobs.text_offset.length === tokens.length ? logprobs.text_offset : cumulativeOffsets(tokens);
        const start = codePointLength(context);
        const end = start + codePointLength(continuation);
        let indices = tokens.map((_, index) => index).filter((index) => offsets[index]! >= start && offsets[index]! < end);
        if (indices.length === 0) {
            // The continuation merged into a token that began inside the context: score that token.
            const straddling = tokens.findIndex((token, index) => offsets[index]! < start && offsets[index]! + codePointLength(token) > start);
            if (straddling !== -1) indices = [straddling];
        }
        let sum = 0;
        let greedy = true;
        for (const index of indices) {
            const value = tokenLogprobs[index];
            if (value === null || value === undefined) {
                throw new RemoteApiError(`${this.client.url(COMPLETIONS_PATH)} returned a null logprob inside the continuation`, this.client.url(COMPLETIONS_PATH), undefined, {
                    expected: "a logprob for every continuation token"
                });
            }
            sum += value;
            const best = topEntries(logprobs?.top_logprobs?.[index] ?? null)[0];
            if (best === undefined || best.text !== tokens[index]) greedy = false;
        }
        return { logprob: sum, isGreedy: greedy && indices.length > 0, tokenCount: indices.length };
    }

    private promptBody(prompt: string): Record<string, unknown> {
        return this.api === "chat" ? { model: this.options.model, messages: [{ role: "user", content: prompt }] } : { model: this.options.model, prompt };
    }

    private logprobsBody(top: number): Record<string, unknown> {
        return this.api === "chat" ? { logprobs: true, top_logprobs: top } : { logprobs: top };
    }

    private path(): string {
        return this.api === "chat" ? CHAT_PATH : COMPLETIONS_PATH;
    }

    private callSignal(signal?: AbortSignal): AbortSignal {
        return signal ? AbortSignal.any([signal, this.disposeController.signal]) : this.disposeController.signal;
    }

    private assertUsable(): void {
        if (this.disposeController.signal.aborted) {
            throw new UserError("the remote model was disposed", { fix: "create a new model with createOpenAICompatibleModel" });
        }
    }

    private requireTokenizeEndpoint(capability: string): void {
        if (!this.capabilities.tokenize) {
            throw new UnsupportedCapabilityError(capability, this.info.backend, "the server has no /tokenize endpoint (llama.cpp server and vLLM have one); declare tokenizeEndpoint: true if it does");
        }
    }

    /** Makes a 404 say whether the model or the endpoint is missing, listing the served models. */
    private async explain(error: unknown): Promise<never> {
        if (error instanceof RemoteApiError && error.status === 404) {
            const served = await this.listServerModels().catch(() => undefined);
            if (served !== undefined && served.length > 0 && !served.includes(this.options.model)) {
                throw new RemoteApiError(`model "${this.options.model}" not found at ${this.client.rootURL}`, error.url, 404, {
                    expected: `one of the served models: ${served.join(", ")}`,
                    found: JSON.stringify(this.options.model),
                    fix: `use openai:${this.client.rootURL}/v1#${served[0]}`,
                    body: error.body
                });
            }
            throw new RemoteApiError(`${error.url} does not exist on this server (HTTP 404)`, error.url, 404, {
                fix: this.api === "completions" ? 'check the base URL; for a chat-only server use api: "chat"' : "check the base URL",
                body: error.body
            });
        }
        throw error;
    }
}

function choiceText(choice: ChoiceWire | undefined): string {
    if (!choice) return "";
    if (typeof choice.text === "string") return choice.text;
    if (typeof choice.delta?.content === "string") return choice.delta.content;
    if (typeof choice.message?.content === "string") return choice.message.content;
    return "";
}

function mapFinishReason(reason: string | null | undefined): Generation["finishReason"] {
    if (reason === "length") return "length";
    return "stop";
}

function parseChunk(data: string, url: string): CompletionResponseWire {
    let chunk: CompletionResponseWire;
    try {
        chunk = JSON.parse(data) as CompletionResponseWire;
    } catch (error) {
        throw new RemoteApiError(`${url} streamed an event that is not JSON`, url, undefined, { found: JSON.stringify(data.slice(0, 120)), cause: error });
    }
    if (chunk.error !== undefined) {
        const message = typeof chunk.error === "string" ? chunk.error : JSON.stringify(chunk.error);
        throw new RemoteApiError(`${url} reported an error mid-stream: ${message}`, url, undefined, {});
    }
    return chunk;
}

/** Drops logprob entries for text that a client-side stop string cut off. */
function trimTokensToText(tokens: readonly TokenLogprob[], text: string): TokenLogprob[] {
    const kept: TokenLogprob[] = [];
    let length = 0;
    for (const token of tokens) {
        if (length >= text.length && token.text !== "") break;
        kept.push(token);
        length += token.text.length;
    }
    return kept;
}

function cumulativeOffsets(tokens: readonly string[]): number[] {
    const offsets: number[] = [];
    let offset = 0;
    for (const token of tokens) {
        offsets.push(offset);
        offset += codePointLength(token);
    }
    return offsets;
}

function optional(key: string, value: number | undefined): Record<string, number> {
    return value === undefined ? {} : { [key]: value };
}

function positiveInteger(value: number, name: string): number {
    if (!Number.isInteger(value) || value < 1) throw new UserError(`invalid ${name}`, { expected: "a positive integer", found: JSON.stringify(value) });
    return value;
}

function nonNegativeInteger(value: number, name: string): number {
    if (!Number.isInteger(value) || value < 0) throw new UserError(`invalid ${name}`, { expected: "an integer ≥ 0", found: JSON.stringify(value) });
    return value;
}
