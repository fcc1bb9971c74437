import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import type { Generation, GenerateOptions } from "../../models/LanguageModel.js";
import { promptToString } from "../../models/Prompt.js";
import { ApiError, invalidField } from "../ApiError.js";
import type { AppEnv } from "../AppEnv.js";
import { readMessages } from "../chatPrompt.js";
import { optionalBoolean, optionalNumber, optionalString, requireObject, type JsonObject } from "../readFields.js";
import { fitToContext, readSampling } from "../readSampling.js";
import { abortError, requestSignal, withSlot } from "../requestSignal.js";
import type { ServerContext } from "../ServerContext.js";
import { sseResponse } from "../sseResponse.js";
import { streamInSlot } from "../streamInSlot.js";
import { checkModelField } from "./checkModelField.js";
import { chatLogprobs } from "./logprobFormats.js";
import { finishReasonOf } from "./finishReasonOf.js";

/**
 * POST /v1/chat/completions: OpenAI chat completions, streaming (SSE) or not, with n choices,
 * stop strings, seed, logprobs/top_logprobs, `response_format: json_schema` (grammar-constrained)
 * and usage counts. When a safety layer is configured the last user message is screened first;
 * an emergency or refusal is answered with the safety message instead of the model's.
 */
export async function chatCompletions(c: Context<AppEnv>, context: ServerContext, body: unknown): Promise<Response> {
    const request = requireObject(body);
    const model = context.model;
    const modelName = checkModelField(request, model.info.name);
    const messages = readMessages(request.messages);
    const sampling = readSampling(request, request.max_completion_tokens !== undefined ? "max_completion_tokens" : "max_tokens");
    const logprobs = optionalBoolean(request, "logprobs") ?? false;
    const topLogprobs = optionalNumber(request, "top_logprobs", { min: 0, max: 20, integer: true });
    if (topLogprobs !== undefined && !logprobs) throw invalidField("top_logprobs", "`top_logprobs` needs `logprobs: true`");
    if (logprobs && !model.capabilities.generationLogprobs) throw invalidField("logprobs", `the model ${model.info.name} cannot return token logprobs`);
    const jsonSchema = readResponseFormat(request, context);
    if (sampling.maxTokens === 0) throw invalidField(request.max_completion_tokens !== undefined ? "max_completion_tokens" : "max_tokens", "`max_tokens` must be at least 1");

    const track = c.get("track");
    const { prompt, stop: formatStop } = context.chatFormat.render(messages);
    const promptTokens = model.capabilities.tokenize ? (await model.tokenize(promptToString(prompt), { specialTokens: true })).length + 1 : 0;
    const maxTokens = fitToContext(model, promptTokens, sampling.maxTokens, "messages");
    const generateOptions: GenerateOptions = {
        ...sampling.options,
        maxTokens,
        stop: [...formatStop, ...(sampling.options.stop ?? [])],
        jsonSchema,
        logprobs: logprobs ? (topLogprobs ?? 0) : undefined
    };
    const lastUser = [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
    const decision = context.safety === undefined ? undefined : await context.safety.screen(lastUser);
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const base = { id, created, model: modelName };

    // The safety layer answers an emergency or refusal itself; the model is not called.
    if (decision !== undefined && (decision.action === "emergency" || decision.action === "refuse")) {
        const text = await context.safety!.finalize(decision.message ?? "", decision);
        const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
        if (sampling.stream) {
            return sseResponse(async (send) => {
                send({ ...base, object: "chat.completion.chunk", meditron_safety: decision, choices: [{ index: 0, delta: { role: "assistant", content: text }, logprobs: null, finish_reason: null }] });
                send({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }] });
                if (sampling.includeUsageInStream) send({ ...base, object: "chat.completion.chunk", choices: [], usage });
            });
        }
        return c.json({ ...base, object: "chat.completion", meditron_safety: decision, choices: [{ index: 0, message: { role: "assistant", content: text, refusal: null }, logprobs: null, finish_reason: "stop" }], usage });
    }

    const finalize = async (text: string) => (decision === undefined ? text : context.safety!.finalize(text, decision));
    const extra = decision === undefined ? {} : { meditron_safety: decision };

    if (!sampling.stream) {
        const signal = requestSignal(context, c.req.raw.signal);
        const generations = await withSlot(context, signal, async () => {
            const results: Generation[] = [];
            for (let index = 0; index < sampling.n; index++) {
                const seed = generateOptions.seed === undefined ? undefined : generateOptions.seed + index;
                results.push(await model.generate(prompt, { ...generateOptions, seed, signal }));
                if (signal.aborted) break;
            }
            return results;
        });
        if (signal.aborted) throw abortError(signal, context);
        const usage = sumUsage(generations);
        track.addUsage(usage);
        context.metrics.recordTokens(usage);
        const choices = await Promise.all(
            generations.map(async (generation, index) => ({
                index,
                message: { role: "assistant", content: await finalize(generation.text), refusal: null },
                logprobs: logprobs ? chatLogprobs(generation.tokens, topLogprobs ?? 0) : null,
                finish_reason: finishReasonOf(generation)
            }))
        );
        return c.json({ ...base, object: "chat.completion", ...extra, choices, usage: openAIUsage(usage) });
    }

    return streamInSlot(c, context, async (send, signal) => {
        const chunk = (choices: unknown[], more: object = {}) => send({ ...base, object: "chat.completion.chunk", ...more, choices });
        const generations: Generation[] = [];
        for (let index = 0; index < sampling.n && !signal.aborted; index++) {
            chunk([{ index, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }], extra);
            const seed = generateOptions.seed === undefined ? undefined : generateOptions.seed + index;
            const sendText = (text: string) => {
                if (text === "") return;
                track.markFirstText();
                chunk([{ index, delta: { content: text }, logprobs: null, finish_reason: null }]);
            };
            // A hedged answer is rewritten by the safety layer, so it is sent once, finalized.
            const rewritten = decision !== undefined && decision.action !== "allow";
            const generation = await model.generate(prompt, { ...generateOptions, seed, signal, ...(rewritten ? {} : { onText: sendText }) });
            if (rewritten && !signal.aborted) sendText(await finalize(generation.text));
            generations.push(generation);
            // Token logprobs come with the last chunk of each choice (the backend reports them per generation).
            chunk([{ index, delta: {}, logprobs: logprobs ? chatLogprobs(generation.tokens, topLogprobs ?? 0) : null, finish_reason: finishReasonOf(generation) }]);
        }
        const usage = sumUsage(generations);
        track.addUsage(usage);
        context.metrics.recordTokens(usage);
        if (signal.aborted) return;
        if (sampling.includeUsageInStream) chunk([], { usage: openAIUsage(usage) });
    });
}

function readResponseFormat(request: JsonObject, context: ServerContext): object | undefined {
    const format = request.response_format;
    if (format === undefined || format === null) return undefined;
    if (typeof format !== "object" || Array.isArray(format)) throw invalidField("response_format", "`response_format` must be an object");
    const type = optionalString(format as JsonObject, "type");
    if (type === "text") return undefined;
    if (type !== "json_schema") {
        throw new ApiError(400, `\`response_format.type\` ${JSON.stringify(type)} is not supported; use "text" or "json_schema"`, { param: "response_format.type", code: "unsupported_value" });
    }
    const schema = (format as { json_schema?: { schema?: unknown } }).json_schema?.schema;
    if (typeof schema !== "object" || schema === null || Array.isArray(schema)) throw invalidField("response_format.json_schema.schema", "`response_format.json_schema.schema` must be a JSON schema object");
    if (!context.model.capabilities.jsonSchema) throw invalidField("response_format", `the model ${context.model.info.name} cannot do JSON-schema constrained decoding`);
    return schema;
}

export function sumUsage(generations: readonly Generation[]): { promptTokens: number; completionTokens: number } {
    return {
        // Every choice re-reads the same prompt; count it once, as OpenAI does.
        promptTokens: generations[0]?.usage.promptTokens ?? 0,
        completionTokens: generations.reduce((sum, g) => sum + g.usage.completionTokens, 0)
    };
}

export function openAIUsage(usage: { promptTokens: number; completionTokens: number }) {
    return { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.promptTokens + usage.completionTokens };
}
