import type { GenerateOptions, LanguageModel } from "../models/LanguageModel.js";
import { ApiError, invalidField } from "./ApiError.js";
import { optionalBoolean, optionalNumber, optionalStop, type JsonObject } from "./readFields.js";

/** The sampling fields shared by /v1/chat/completions and /v1/completions. */
export interface SamplingRequest {
    maxTokens: number | undefined;
    options: Omit<GenerateOptions, "signal" | "onText" | "maxTokens">;
    n: number;
    stream: boolean;
    includeUsageInStream: boolean;
}

/** Reads and validates max_tokens, temperature, top_p, seed, stop, n, penalties, stream. */
export function readSampling(body: JsonObject, maxTokensField: "max_tokens" | "max_completion_tokens" = "max_tokens"): SamplingRequest {
    const maxTokens = optionalNumber(body, maxTokensField, { min: 0, max: 1_000_000, integer: true });
    const temperature = optionalNumber(body, "temperature", { min: 0, max: 2 });
    const topP = optionalNumber(body, "top_p", { min: Number.MIN_VALUE, max: 1 });
    const seed = optionalNumber(body, "seed", { min: 0, max: 2 ** 32 - 1, integer: true });
    const stop = optionalStop(body);
    const n = optionalNumber(body, "n", { min: 1, max: 16, integer: true }) ?? 1;
    const presencePenalty = optionalNumber(body, "presence_penalty", { min: -2, max: 2 });
    const frequencyPenalty = optionalNumber(body, "frequency_penalty", { min: -2, max: 2 });
    const stream = optionalBoolean(body, "stream") ?? false;
    const streamOptions = body.stream_options;
    if (streamOptions !== undefined && streamOptions !== null && (typeof streamOptions !== "object" || Array.isArray(streamOptions))) {
        throw invalidField("stream_options", "`stream_options` must be an object such as {\"include_usage\": true}");
    }
    const includeUsage = (streamOptions as { include_usage?: unknown } | null | undefined)?.include_usage;
    if (includeUsage !== undefined && typeof includeUsage !== "boolean") throw invalidField("stream_options.include_usage", "`stream_options.include_usage` must be true or false");
    return {
        maxTokens,
        n,
        stream,
        includeUsageInStream: includeUsage === true,
        options: {
            temperature: temperature ?? 1,
            topP,
            seed,
            stop,
            presencePenalty,
            frequencyPenalty
        }
    };
}

/**
 * Caps the generation length to what is left of the context and refuses a prompt that does not
 * fit (400 naming `promptField`), instead of letting the backend fail with a 500.
 */
export function fitToContext(model: LanguageModel, promptTokens: number, maxTokens: number | undefined, promptField: string): number {
    const contextSize = model.info.contextSize;
    const requested = maxTokens ?? 256;
    if (contextSize === undefined) return requested;
    const room = contextSize - promptTokens - 1;
    if (room < 0 || (room === 0 && requested > 0)) {
        throw new ApiError(400, `the prompt is ${promptTokens} tokens, more than the model's context of ${contextSize} tokens; shorten it`, {
            param: promptField,
            code: "context_length_exceeded"
        });
    }
    if (maxTokens !== undefined && maxTokens > room) {
        throw new ApiError(400, `max_tokens ${maxTokens} plus the ${promptTokens}-token prompt exceeds the model's context of ${contextSize}; ask for at most ${room}`, {
            param: "max_tokens",
            code: "context_length_exceeded"
        });
    }
    return Math.min(requested, room);
}
