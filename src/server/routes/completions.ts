import { randomUUID } from "node:crypto";
import type { Context } from "hono";
import type { Generation, GenerateOptions, LanguageModel } from "../../models/LanguageModel.js";
import { ApiError, invalidField } from "../ApiError.js";
import type { AppEnv } from "../AppEnv.js";
import { promptTokenLogprobs } from "../promptLogprobs.js";
import { optionalBoolean, optionalNumber, requireObject } from "../readFields.js";
import { fitToContext, readSampling } from "../readSampling.js";
import { abortError, requestSignal, withSlot } from "../requestSignal.js";
import type { ServerContext } from "../ServerContext.js";
import { streamInSlot } from "../streamInSlot.js";
import { openAIUsage } from "./chatCompletions.js";
import { checkModelField } from "./checkModelField.js";
import { finishReasonOf } from "./finishReasonOf.js";
import { generatedToLegacy, legacyLogprobs, type LegacyLogprobEntry } from "./logprobFormats.js";

interface PromptInput {
    text: string;
    /** Token ids when the client sent ids (lm-eval's tokenized requests), else computed when needed. */
    tokens: number[] | undefined;
}

/**
 * POST /v1/completions: the legacy completions API on the raw prompt (no chat format), with
 * `echo` and `logprobs` for the prompt tokens too. That is what lm-evaluation-harness'
 * `local-completions` model uses for loglikelihood (multiple-choice) scoring: it sends
 * context + continuation with `echo: true, max_tokens: 0 or 1, logprobs: 1` and sums the
 * continuation's `token_logprobs`.
 */
export async function completions(c: Context<AppEnv>, context: ServerContext, body: unknown): Promise<Response> {
    const request = requireObject(body);
    const model = context.model;
    const modelName = checkModelField(request, model.info.name);
    const prompts = await readPrompts(request.prompt, model);
    const sampling = readSampling(request);
    const echo = optionalBoolean(request, "echo") ?? false;
    const logprobs = optionalNumber(request, "logprobs", { min: 0, max: 20, integer: true });
    const suffix = request.suffix;
    if (suffix !== undefined && suffix !== null) throw invalidField("suffix", "`suffix` (fill-in-the-middle) is not supported");
    if (logprobs !== undefined && !model.capabilities.generationLogprobs) throw invalidField("logprobs", `the model ${model.info.name} cannot return token logprobs`);
    if (logprobs !== undefined && echo && !model.capabilities.scoreContinuations) throw invalidField("echo", `the model ${model.info.name} cannot score prompt tokens`);
    if (sampling.stream && echo && logprobs !== undefined) throw invalidField("stream", "`echo` with `logprobs` is only available without streaming");

    const track = c.get("track");
    const id = `cmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const base = { id, object: "text_completion", created, model: modelName };
    // Fit each prompt into the context before any work starts.
    const plans = await Promise.all(
        prompts.map(async (prompt, index) => {
            const count = prompt.tokens?.length ?? (model.capabilities.tokenize ? (await model.tokenize(prompt.text)).length : 0);
            const maxTokens = fitToContext(model, count + 1, sampling.maxTokens ?? 16, prompts.length === 1 ? "prompt" : `prompt[${index}]`);
            return { prompt, maxTokens };
        })
    );
    const options = (maxTokens: number, index: number): GenerateOptions => ({
        ...sampling.options,
        maxTokens,
        seed: sampling.options.seed === undefined ? undefined : sampling.options.seed + index,
        logprobs: logprobs
    });

    if (!sampling.stream) {
        const signal = requestSignal(context, c.req.raw.signal);
        const choices = await withSlot(context, signal, async () => {
            const results = [];
            let promptTokens = 0;
            let completionTokens = 0;
            for (const [promptIndex, plan] of plans.entries()) {
                let echoed: { text: string; logprobs: LegacyLogprobEntry[] } | undefined;
                if (echo) echoed = await echoPrompt(model, plan.prompt, logprobs, signal);
                for (let i = 0; i < sampling.n; i++) {
                    const generation: Generation =
                        plan.maxTokens === 0
                            ? { text: "", finishReason: "length", usage: { promptTokens: plan.prompt.tokens?.length ?? 0, completionTokens: 0 }, tokens: [] }
                            : await model.generate(plan.prompt.text, { ...options(plan.maxTokens, i), signal });
                    if (i === 0) promptTokens += generation.usage.promptTokens || (echoed?.logprobs.length ?? 0);
                    completionTokens += generation.usage.completionTokens;
                    const generatedLogprobs = logprobs === undefined ? [] : generatedToLegacy(generation.tokens, logprobs);
                    const entries = [...(echoed?.logprobs ?? []), ...generatedLogprobs];
                    results.push({
                        text: (echoed?.text ?? "") + generation.text,
                        index: promptIndex * sampling.n + i,
                        logprobs: logprobs === undefined ? null : legacyLogprobs(entries),
                        finish_reason: finishReasonOf(generation)
                    });
                    if (signal.aborted) break;
                }
            }
            return { results, usage: { promptTokens, completionTokens } };
        });
        if (signal.aborted) throw abortError(signal, context);
        track.addUsage(choices.usage);
        context.metrics.recordTokens(choices.usage);
        return c.json({ ...base, choices: choices.results, usage: openAIUsage(choices.usage) });
    }

    return streamInSlot(c, context, async (send, signal) => {
        const usage = { promptTokens: 0, completionTokens: 0 };
        for (const [promptIndex, plan] of plans.entries()) {
            for (let i = 0; i < sampling.n && !signal.aborted; i++) {
                const index = promptIndex * sampling.n + i;
                if (echo) send({ ...base, choices: [{ text: plan.prompt.text, index, logprobs: null, finish_reason: null }] });
                const generation: Generation =
                    plan.maxTokens === 0
                        ? { text: "", finishReason: "length", usage: { promptTokens: 0, completionTokens: 0 } }
                        : await model.generate(plan.prompt.text, {
                              ...options(plan.maxTokens, i),
                              signal,
                              onText: (text) => {
                                  if (text === "") return;
                                  track.markFirstText();
                                  send({ ...base, choices: [{ text, index, logprobs: null, finish_reason: null }] });
                              }
                          });
                if (i === 0) usage.promptTokens += generation.usage.promptTokens;
                usage.completionTokens += generation.usage.completionTokens;
                const finalLogprobs = logprobs === undefined ? null : legacyLogprobs(generatedToLegacy(generation.tokens, logprobs));
                send({ ...base, choices: [{ text: "", index, logprobs: finalLogprobs, finish_reason: finishReasonOf(generation) }] });
            }
        }
        track.addUsage(usage);
        context.metrics.recordTokens(usage);
        if (signal.aborted) return;
        if (sampling.includeUsageInStream) send({ ...base, choices: [], usage: openAIUsage(usage) });
    });
}

async function echoPrompt(model: LanguageModel, prompt: PromptInput, logprobs: number | undefined, signal: AbortSignal) {
    if (logprobs === undefined) return { text: prompt.text, logprobs: [] };
    const tokens = prompt.tokens ?? (await model.tokenize(prompt.text));
    const entries = await promptTokenLogprobs(model, tokens, logprobs, signal);
    return { text: prompt.text, logprobs: entries };
}

/** `prompt`: a string, an array of strings, an array of token ids, or an array of token-id arrays. */
async function readPrompts(value: unknown, model: LanguageModel): Promise<PromptInput[]> {
    if (typeof value === "string") return [{ text: value, tokens: undefined }];
    if (!Array.isArray(value) || value.length === 0) {
        throw invalidField("prompt", "`prompt` is required: a string, an array of strings, or token ids");
    }
    if (value.length > 64) throw invalidField("prompt", `\`prompt\` may hold at most 64 prompts, found ${value.length}`);
    if (value.every((item) => typeof item === "number")) return [await tokenPrompt(value as number[], model, "prompt")];
    return Promise.all(
        value.map(async (item: unknown, index) => {
            if (typeof item === "string") return { text: item, tokens: undefined };
            if (Array.isArray(item) && item.length > 0 && item.every((t) => typeof t === "number")) return tokenPrompt(item as number[], model, `prompt[${index}]`);
            throw invalidField(`prompt[${index}]`, `\`prompt[${index}]\` must be a string or an array of token ids`);
        })
    );
}

async function tokenPrompt(tokens: number[], model: LanguageModel, param: string): Promise<PromptInput> {
    if (!model.capabilities.tokenize) throw invalidField(param, `the model ${model.info.name} cannot take token ids`);
    const vocabulary = model.info.vocabularySize;
    const bad = tokens.find((t) => !Number.isInteger(t) || t < 0 || (vocabulary !== undefined && t >= vocabulary));
    if (bad !== undefined) throw new ApiError(400, `\`${param}\` holds ${bad}, which is not a token id of the model`, { param, code: "invalid_value" });
    return { text: await model.detokenize(tokens), tokens };
}
