import type { GenerateOptions } from "../models/LanguageModel.js";
import type { TaskCallOptions } from "./TaskAnswer.js";

/**
 * The generation options every task derives from its call options: greedy unless a temperature
 * is given, and the task's own token budget unless `maxTokens` is given. The caller adds its
 * prompt-specific `stop` / `jsonSchema` and the `onText` that guardTask hands it.
 */
export function taskGenerateOptions(options: TaskCallOptions, defaultMaxTokens: number): GenerateOptions {
    return {
        maxTokens: options.maxTokens ?? defaultMaxTokens,
        temperature: options.temperature ?? 0,
        topP: options.topP,
        seed: options.seed,
        signal: options.signal
    };
}
