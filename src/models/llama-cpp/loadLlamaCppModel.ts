import { stat } from "node:fs/promises";
import path from "node:path";
import type { LlamaContext, LlamaModel } from "node-llama-cpp";
import { UserError } from "../../util/errors.js";
import { availableCpus, defaultThreads } from "./defaultThreads.js";
import { LlamaCppModel } from "./LlamaCppModel.js";
import { llamaRuntime, type LlamaGpuChoice } from "./llamaRuntime.js";
import { describeGguf } from "./readGgufMetadata.js";
import { SequencePool } from "./SequencePool.js";

/** Options of {@link loadLlamaCppModel}. */
export interface LlamaCppModelOptions {
    /** Path of a .gguf file. */
    modelPath: string;
    /** CPU threads for llama.cpp. Defaults to the number of physical cores (never node-llama-cpp's default). */
    threads?: number;
    /** Tokens per sequence. Defaults to min(the model's training context, 4096). */
    contextSize?: number;
    /** Layers to offload to the GPU; "auto" lets node-llama-cpp fit what the VRAM holds. */
    gpuLayers?: number | "auto";
    /** Parallel sequences (requests served at once). Defaults to 1; at most {@link maxSequences}. */
    sequences?: number;
    /** Default seed of sampled generation (a request's own seed wins). */
    seed?: number;
    /** llama.cpp backend: false (CPU, the default), "auto", "vulkan" or "cuda". */
    gpu?: LlamaGpuChoice;
    /** Tokens evaluated per batch. Defaults to node-llama-cpp's (512, or the context size if smaller). */
    batchSize?: number;
    /** Flash attention (faster on GPUs). Defaults to node-llama-cpp's choice for the model. */
    flashAttention?: boolean;
}

/** Beyond 8 sequences the per-sequence KV cache costs more than parallel decoding gains on one machine. */
export const maxSequences = 8;
/** Default context size cap: MediTron-7B was trained with 2048, MediTron-70B with 4096 tokens. */
export const defaultContextCap = 4096;

/**
 * Loads a GGUF model into llama.cpp and returns it as a {@link LanguageModel} with prefix reuse and
 * a pool of parallel sequences. Throws a UserError for a missing file or an invalid option.
 */
export async function loadLlamaCppModel(options: LlamaCppModelOptions): Promise<LlamaCppModel> {
    const settings = validateLoadOptions(options);
    const modelPath = path.resolve(options.modelPath);
    let fileBytes: number;
    try {
        fileBytes = (await stat(modelPath)).size;
    } catch (error) {
        throw new UserError(`model file not found: ${options.modelPath}`, { expected: "a path to a .gguf file", found: "no such file", fix: "check the path, or give a registry name", cause: error });
    }

    const llama = await llamaRuntime(settings.gpu, settings.threads);
    let model: LlamaModel;
    try {
        model = await llama.loadModel({ modelPath, gpuLayers: settings.gpuLayers });
    } catch (error) {
        throw new UserError(`cannot load model ${options.modelPath}`, {
            expected: "a GGUF model file llama.cpp supports",
            found: error instanceof Error ? error.message : String(error),
            fix: "check that the file is a complete .gguf download (re-pull it) and that its architecture is supported",
            cause: error
        });
    }

    const trainContext = model.trainContextSize > 0 ? model.trainContextSize : defaultContextCap;
    const contextSize = settings.contextSize ?? Math.min(trainContext, defaultContextCap);
    let context: LlamaContext;
    try {
        context = await model.createContext({
            contextSize,
            sequences: settings.sequences,
            threads: settings.threads,
            ...(settings.batchSize !== undefined ? { batchSize: settings.batchSize } : {}),
            ...(settings.flashAttention !== undefined ? { flashAttention: settings.flashAttention } : {})
        });
    } catch (error) {
        await model.dispose();
        throw new UserError(`cannot create a ${contextSize}-token context with ${settings.sequences} sequence(s)`, {
            expected: "enough memory for the KV cache",
            found: error instanceof Error ? error.message : String(error),
            fix: "lower --ctx-size or the number of sequences",
            cause: error
        });
    }

    const sequences = Array.from({ length: settings.sequences }, () => context.getSequence());
    const metadata = describeGguf(model.fileInfo, modelPath, fileBytes);
    return new LlamaCppModel({
        llama,
        model,
        context,
        pool: new SequencePool(sequences),
        seed: settings.seed,
        info: {
            backend: "llama-cpp",
            name: path.basename(modelPath).replace(/\.gguf$/i, ""),
            source: modelPath,
            contextSize: context.contextSize,
            vocabularySize: metadata.vocabularySize,
            details: {
                architecture: metadata.architecture,
                parameters: metadata.parameters,
                quantization: metadata.quantization,
                trainContextSize: trainContext,
                threads: settings.threads,
                sequences: settings.sequences,
                gpu: llama.gpu === false ? "none" : llama.gpu,
                gpuLayers: model.gpuLayers
            }
        }
    });
}

interface LoadSettings {
    threads: number;
    contextSize?: number;
    gpuLayers?: number | "auto";
    sequences: number;
    seed?: number;
    gpu: LlamaGpuChoice;
    batchSize?: number;
    flashAttention?: boolean;
}

function validateLoadOptions(options: LlamaCppModelOptions): LoadSettings {
    if (typeof options.modelPath !== "string" || options.modelPath.length === 0) {
        throw new UserError("missing model path", { expected: "modelPath: a path to a .gguf file", found: String(options.modelPath) });
    }
    const cpus = availableCpus();
    const threads = options.threads ?? defaultThreads(cpus);
    integerIn("threads", threads, 1, cpus, `more threads than the ${cpus} CPUs available only slows llama.cpp down`);
    if (options.contextSize !== undefined) integerIn("contextSize", options.contextSize, 16, 1 << 20);
    const sequences = options.sequences ?? 1;
    integerIn("sequences", sequences, 1, maxSequences);
    if (typeof options.gpuLayers === "number") integerIn("gpuLayers", options.gpuLayers, 0, 100_000);
    else if (options.gpuLayers !== undefined && options.gpuLayers !== "auto") {
        throw new UserError("invalid gpuLayers", { expected: "an integer >= 0 or \"auto\"", found: String(options.gpuLayers) });
    }
    if (options.seed !== undefined) integerIn("seed", options.seed, 0, 2 ** 32 - 1);
    if (options.batchSize !== undefined) integerIn("batchSize", options.batchSize, 1, 1 << 16);
    const gpu = options.gpu ?? false;
    if (![false, "auto", "vulkan", "cuda"].includes(gpu)) {
        throw new UserError("invalid gpu backend", { expected: "false, \"auto\", \"vulkan\" or \"cuda\"", found: String(gpu) });
    }
    return {
        threads, contextSize: options.contextSize, gpuLayers: options.gpuLayers, sequences, seed: options.seed, gpu,
        batchSize: options.batchSize, flashAttention: options.flashAttention
    };
}

function integerIn(name: string, value: number, min: number, max: number, why?: string): void {
    if (!Number.isInteger(value) || value < min || value > max) {
        throw new UserError(`invalid ${name}`, { expected: `an integer from ${min} to ${max}`, found: String(value), ...(why !== undefined ? { fix: why } : {}) });
    }
}
