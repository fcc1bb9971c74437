import type { GenerateOptions } from "../LanguageModel.js";
import { UserError } from "../../util/errors.js";

/** Generation settings with defaults applied and ranges checked. */
export interface GenerateSettings {
    readonly maxTokens: number;
    readonly temperature: number;
    /** vLLM's defaults (top_p 1, top_k off, min_p 0): MediTron's evaluation decoded with vLLM. */
    readonly topP: number;
    readonly topK: number;
    readonly minP: number;
    readonly seed?: number;
    readonly stop: readonly string[];
    readonly frequencyPenalty: number;
    readonly presencePenalty: number;
    readonly repeatPenalty: number;
    /** Alternatives per token when log-probabilities were requested; -1 when they were not. */
    readonly logprobs: number;
}

/** Maximum alternatives per generated token (same cap as OpenAI's top_logprobs). */
export const maxLogprobAlternatives = 20;

/** Applies defaults and throws a UserError naming the first out-of-range option. */
export function validateGenerateOptions(options: GenerateOptions): GenerateSettings {
    const maxTokens = options.maxTokens ?? 256;
    check("maxTokens", maxTokens, Number.isInteger(maxTokens) && maxTokens >= 0, "an integer >= 0");
    const temperature = options.temperature ?? 0;
    check("temperature", temperature, Number.isFinite(temperature) && temperature >= 0, "a number >= 0 (0 = greedy)");
    const topP = options.topP ?? 1;
    check("topP", topP, Number.isFinite(topP) && topP > 0 && topP <= 1, "a number in (0, 1]");
    const topK = options.topK ?? 0;
    check("topK", topK, Number.isInteger(topK) && topK >= 0, "an integer >= 0 (0 = no limit)");
    const minP = options.minP ?? 0;
    check("minP", minP, Number.isFinite(minP) && minP >= 0 && minP <= 1, "a number in [0, 1]");
    if (options.seed !== undefined) check("seed", options.seed, Number.isInteger(options.seed) && options.seed >= 0, "an integer >= 0");
    const frequencyPenalty = options.frequencyPenalty ?? 0;
    check("frequencyPenalty", frequencyPenalty, Number.isFinite(frequencyPenalty), "a finite number");
    const presencePenalty = options.presencePenalty ?? 0;
    check("presencePenalty", presencePenalty, Number.isFinite(presencePenalty), "a finite number");
    const repeatPenalty = options.repeatPenalty ?? 1;
    check("repeatPenalty", repeatPenalty, Number.isFinite(repeatPenalty) && repeatPenalty > 0, "a number > 0 (1 = off)");
    const logprobs = options.logprobs ?? 0;
    check("logprobs", logprobs, Number.isInteger(logprobs) && logprobs >= 0 && logprobs <= maxLogprobAlternatives, `an integer in [0, ${maxLogprobAlternatives}]`);
    return {
        maxTokens, temperature, topP, topK, minP, seed: options.seed, stop: options.stop ?? [],
        frequencyPenalty, presencePenalty, repeatPenalty, logprobs: options.logprobs === undefined ? -1 : logprobs
    };
}

function check(name: string, value: unknown, ok: boolean, expected: string): void {
    if (!ok) throw new UserError(`invalid generation option ${name}`, { expected, found: String(value) });
}
