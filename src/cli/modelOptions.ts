import type { Command } from "commander";
import type { GenerateOptions, LanguageModel } from "../models/LanguageModel.js";
import { availableCpus } from "../models/llama-cpp/defaultThreads.js";
import { maxSequences, type LlamaCppModelOptions } from "../models/llama-cpp/loadLlamaCppModel.js";
import { resolveModelsDir } from "../models/pull/modelsDirectory.js";
import { parseOpenAIModelSpec, resolveModel } from "../models/resolveModel.js";
import { UserError } from "../util/errors.js";

/** Raw values commander collects for the flags added by {@link addModelOptions}. */
export interface ModelFlagValues {
    model?: string;
    modelsDir?: string;
    threads?: string;
    ctxSize?: string;
    gpuLayers?: string;
    gpu?: string;
    parallel?: string;
}

/** Raw values of the flags added by {@link addGenerationOptions}. */
export interface GenerationFlagValues {
    temperature?: string;
    seed?: string;
    maxTokens?: string;
    topP?: string;
    topK?: string;
}

/**
 * Adds the flags every model-using command shares (ask, chat, eval, serve): which model and how
 * llama.cpp runs it. `parallel` adds `--parallel` (sequences served at once) for commands that
 * issue concurrent requests; `modelOptional` leaves `--model` optional for commands that can run
 * without one (eval run on the safety benchmarks).
 */
export function addModelOptions(command: Command, options: { parallel?: boolean; modelOptional?: boolean } = {}): Command {
    command[options.modelOptional === true ? "option" : "requiredOption"]("-m, --model <model>", "a .gguf file path, a registry name (see `meditron models`), hf:<owner>/<repo>/<file> or openai:<baseURL>#<model>")
        .option("--models-dir <dir>", "where pulled models are stored (default: $MEDITRON_MODELS_DIR or ~/.cache/meditron/models)")
        .option("--threads <n>", "CPU threads for llama.cpp (default: physical cores)")
        .option("--ctx-size <n>", "context size in tokens (default: min(model's training context, 4096))")
        .option("--gpu-layers <n|auto>", "layers to offload to the GPU")
        .option("--gpu <backend>", "llama.cpp backend: none, auto, vulkan or cuda", "none");
    if (options.parallel === true) command.option("--parallel <n>", `requests served at once, 1-${maxSequences} (default 1)`);
    return command;
}

/** Adds the sampling flags of text generation. */
export function addGenerationOptions(command: Command): Command {
    return command
        .option("--temperature <t>", "sampling temperature, 0 = greedy (default 0)")
        .option("--seed <n>", "sampling seed (integer >= 0)")
        .option("--max-tokens <n>", "maximum tokens to generate (default 256)")
        .option("--top-p <p>", "nucleus sampling threshold in (0, 1] (default 1)")
        .option("--top-k <k>", "sample from the k most likely tokens, 0 = all (default 0)");
}

/**
 * Turns parsed model flags into llama.cpp load options, with UserErrors for bad values.
 * `modelPath` is the `--model` text as given (a path, or a name for {@link openModel} to resolve).
 */
export function modelLoadOptions(values: ModelFlagValues): LlamaCppModelOptions {
    const modelPath = values.model;
    if (modelPath === undefined || modelPath.length === 0) {
        throw new UserError("missing --model", { expected: "--model <path to a .gguf file, registry name or openai:<baseURL>#<model>>" });
    }
    const gpuLayers = values.gpuLayers === undefined ? undefined : values.gpuLayers === "auto" ? "auto" : integerFlag("--gpu-layers", values.gpuLayers, 0, 100_000);
    return {
        modelPath,
        ...(values.threads !== undefined ? { threads: integerFlag("--threads", values.threads, 1, availableCpus()) } : {}),
        ...(values.ctxSize !== undefined ? { contextSize: integerFlag("--ctx-size", values.ctxSize, 16, 1 << 20) } : {}),
        ...(gpuLayers !== undefined ? { gpuLayers } : {}),
        ...(values.parallel !== undefined ? { sequences: integerFlag("--parallel", values.parallel, 1, maxSequences) } : {}),
        gpu: gpuFlag(values.gpu)
    };
}

/** Turns parsed sampling flags into generation options, with UserErrors for bad values. */
export function generationOptions(values: GenerationFlagValues): GenerateOptions {
    return {
        ...(values.temperature !== undefined ? { temperature: numberFlag("--temperature", values.temperature, 0, 100) } : {}),
        ...(values.seed !== undefined ? { seed: integerFlag("--seed", values.seed, 0, 2 ** 32 - 1) } : {}),
        ...(values.maxTokens !== undefined ? { maxTokens: integerFlag("--max-tokens", values.maxTokens, 1, 1 << 20) } : {}),
        ...(values.topP !== undefined ? { topP: numberFlag("--top-p", values.topP, Number.MIN_VALUE, 1) } : {}),
        ...(values.topK !== undefined ? { topK: integerFlag("--top-k", values.topK, 0, 1 << 20) } : {})
    };
}

/**
 * Opens the model `--model` names, through the shared resolver: a GGUF path (llama.cpp in-process),
 * a registry name or hf: spec (the pulled file in the models directory), or
 * `openai:<baseURL>#<model>` (a remote server; the API key comes from MEDITRON_API_KEY or
 * OPENAI_API_KEY in the CLI's environment). Flags are validated before anything loads.
 *
 * `concurrency` (eval run's `--concurrency`) is the in-flight request limit of a remote server and,
 * for a local model without `--parallel`, its parallel sequences (capped at the llama.cpp maximum).
 */
export async function openModel(
    values: ModelFlagValues,
    context: { env?: Readonly<Record<string, string | undefined>>; signal?: AbortSignal; concurrency?: number } = {}
): Promise<LanguageModel> {
    const { concurrency } = context;
    const remote = values.model !== undefined && parseOpenAIModelSpec(values.model) !== undefined;
    const parallel = values.parallel ?? (!remote && concurrency !== undefined ? String(Math.min(concurrency, maxSequences)) : undefined);
    const { modelPath, ...load } = modelLoadOptions({ ...values, ...(parallel !== undefined ? { parallel } : {}) });
    const env = context.env ?? {};
    const apiKey = env.MEDITRON_API_KEY ?? env.OPENAI_API_KEY;
    return resolveModel(modelPath, {
        ...load,
        modelsDir: resolveModelsDir({ flag: values.modelsDir, env }),
        ...(apiKey !== undefined && apiKey !== "" ? { apiKey } : {}),
        ...(remote && concurrency !== undefined ? { concurrency } : {}),
        ...(context.signal !== undefined ? { signal: context.signal } : {})
    });
}

function gpuFlag(value: string | undefined): LlamaCppModelOptions["gpu"] {
    if (value === undefined || value === "none" || value === "false") return false;
    if (value === "auto" || value === "vulkan" || value === "cuda") return value;
    throw new UserError("invalid --gpu", { expected: "none, auto, vulkan or cuda", found: JSON.stringify(value) });
}

function integerFlag(flag: string, raw: string, min: number, max: number): number {
    const value = /^-?\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
        throw new UserError(`invalid ${flag}`, { expected: `an integer from ${min} to ${max}`, found: JSON.stringify(raw) });
    }
    return value;
}

function numberFlag(flag: string, raw: string, min: number, max: number): number {
    const value = raw.trim() === "" ? Number.NaN : Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
        const lower = min === Number.MIN_VALUE ? "greater than 0" : `from ${min}`;
        throw new UserError(`invalid ${flag}`, { expected: `a number ${lower} to ${max}`, found: JSON.stringify(raw) });
    }
    return value;
}
