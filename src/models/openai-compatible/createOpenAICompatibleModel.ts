import type { LanguageModel } from "../LanguageModel.js";
import { UserError } from "../../util/errors.js";
import { OpenAIHttpClient } from "./OpenAIHttpClient.js";
import { OpenAICompatibleModel, type OpenAICompatibleModelOptions } from "./OpenAICompatibleModel.js";
import { RemoteApiError } from "./RemoteApiError.js";
import type { CompletionResponseWire } from "./wireTypes.js";

/**
 * A {@link LanguageModel} backed by a remote OpenAI-compatible server. No request is made here:
 * capabilities come from the options (`echo`, `tokenizeEndpoint`, `jsonSchema`). Use
 * {@link connectOpenAICompatibleModel} to check the model exists and detect them.
 */
export function createOpenAICompatibleModel(options: OpenAICompatibleModelOptions): LanguageModel {
    return new OpenAICompatibleModel(options);
}

/**
 * Like {@link createOpenAICompatibleModel}, but first talks to the server:
 * - `GET /v1/models`: a model id the server does not list is a UserError that lists the ones it does;
 * - unless `echo` is given, probes whether `/v1/completions` returns prompt logprobs for `echo: true`
 *   (first with `max_tokens: 0`, then 1), which enables `scoreContinuations`;
 * - unless `tokenizeEndpoint` is given, probes `POST /tokenize`.
 * Probes make no retries, so a dead server fails fast with a clear message.
 */
export async function connectOpenAICompatibleModel(options: OpenAICompatibleModelOptions & { readonly signal?: AbortSignal }): Promise<LanguageModel> {
    const client = new OpenAIHttpClient({
        baseURL: options.baseURL,
        apiKey: options.apiKey,
        timeoutMs: options.timeoutMs ?? 30_000,
        maxRetries: 0,
        fetch: options.fetch ?? globalThis.fetch,
        headers: options.headers,
        retryBaseDelayMs: 0,
        maxRetryDelayMs: 0
    });
    const signal = options.signal;
    const served = await listModels(client, signal);
    if (served !== undefined && served.length > 0 && !served.includes(options.model)) {
        throw new UserError(`model "${options.model}" not found at ${client.rootURL}`, {
            expected: `one of the served models: ${served.join(", ")}`,
            found: JSON.stringify(options.model),
            fix: `use openai:${client.rootURL}/v1#${served[0]}`
        });
    }
    const api = options.api ?? "completions";
    let echo = options.echo;
    let echoMaxTokens = options.echoMaxTokens;
    if (echo === undefined && api === "completions") {
        echoMaxTokens = await probeEcho(client, options.model, signal);
        echo = echoMaxTokens !== undefined;
    }
    const tokenizeEndpoint = options.tokenizeEndpoint ?? (await probeTokenize(client, options.model, signal));
    return new OpenAICompatibleModel({ ...options, echo, echoMaxTokens, tokenizeEndpoint });
}

async function listModels(client: OpenAIHttpClient, signal?: AbortSignal): Promise<string[] | undefined> {
    try {
        const response = await client.getJson<{ data?: { id?: unknown }[] }>("/v1/models", { signal });
        return (response.data ?? []).map((entry) => entry.id).filter((id): id is string => typeof id === "string");
    } catch (error) {
        if (signal?.aborted) throw signal.reason;
        // Unauthorized and unreachable are fatal; a server without /v1/models is not.
        if (error instanceof RemoteApiError && (error.status === undefined || error.status === 401 || error.status === 403)) throw error;
        return undefined;
    }
}

/** The `max_tokens` value with which echo works (0 or 1), or undefined when it does not. */
async function probeEcho(client: OpenAIHttpClient, model: string, signal?: AbortSignal): Promise<0 | 1 | undefined> {
    for (const maxTokens of [0, 1] as const) {
        try {
            const response = await client.postJson<CompletionResponseWire>("/v1/completions", { model, prompt: "The patient", max_tokens: maxTokens, echo: true, logprobs: 1, temperature: 0 }, { signal });
            const logprobs = response.choices?.[0]?.logprobs;
            const tokens = logprobs?.tokens ?? [];
            // Echo works when the returned tokens cover the prompt (generated ones alone would not).
            if (tokens.length > 0 && logprobs?.token_logprobs?.length === tokens.length && tokens.join("").startsWith("The patient")) return maxTokens;
            return undefined;
        } catch (error) {
            if (signal?.aborted) throw signal.reason;
            if (error instanceof RemoteApiError && error.status === 400) continue;
            if (error instanceof RemoteApiError && (error.status === 401 || error.status === 403)) throw error;
            return undefined;
        }
    }
    return undefined;
}

async function probeTokenize(client: OpenAIHttpClient, model: string, signal?: AbortSignal): Promise<boolean> {
    try {
        const response = await client.postJson<{ tokens?: unknown }>("/tokenize", { model, content: "Hello", prompt: "Hello", add_special: false, add_special_tokens: false }, { signal });
        return Array.isArray(response.tokens) && response.tokens.every((token) => typeof token === "number");
    } catch (error) {
        if (signal?.aborted) throw signal.reason;
        return false;
    }
}
