import { stat } from "node:fs/promises";
import path from "node:path";
import type { LanguageModel } from "./LanguageModel.js";
import { connectOpenAICompatibleModel } from "./openai-compatible/createOpenAICompatibleModel.js";
import type { LlamaCppModelOptions } from "./llama-cpp/loadLlamaCppModel.js";
import type { OpenAICompatibleModelOptions } from "./openai-compatible/OpenAICompatibleModel.js";
import { findRegistryModel, suggestRegistryNames } from "./registry/modelRegistry.js";
import { resolvePullSource } from "./pull/resolvePullSource.js";
import { UserError } from "../util/errors.js";

/** The llama.cpp options {@link resolveModel} passes to a local model. */
const LOCAL_OPTION_KEYS = ["threads", "contextSize", "gpuLayers", "sequences", "seed", "gpu"] as const;
/** The remote backend's options {@link resolveModel} passes to an `openai:` model (URL and model id come from the spec). */
const REMOTE_OPTION_KEYS = ["apiKey", "api", "timeoutMs", "maxRetries", "concurrency", "fetch", "echo"] as const;

/**
 * Options of {@link resolveModel}: the llama.cpp ones (documented on `LlamaCppModelOptions`) go to a
 * local model, the remote ones (documented on `OpenAICompatibleModelOptions`) to an `openai:` model;
 * `contextSize` to both (a remote model only records it).
 */
export interface ResolveModelOptions
    extends Pick<LlamaCppModelOptions, (typeof LOCAL_OPTION_KEYS)[number]>,
        Pick<OpenAICompatibleModelOptions, (typeof REMOTE_OPTION_KEYS)[number]> {
    /** Where pulled models live (registry names and `hf:` specs are looked up here). */
    readonly modelsDir?: string;
    readonly signal?: AbortSignal;
}

/** A parsed `openai:<baseURL>#<model>` spec. */
export interface OpenAIModelSpec {
    readonly baseURL: string;
    readonly model: string;
}

/**
 * Parses `openai:<baseURL>#<model>` (e.g. `openai:http://127.0.0.1:8000/v1#epfl-llm/meditron-7b`);
 * undefined when `spec` does not start with `openai:`.
 */
export function parseOpenAIModelSpec(spec: string): OpenAIModelSpec | undefined {
    if (!spec.startsWith("openai:")) return undefined;
    const rest = spec.slice("openai:".length);
    const hash = rest.lastIndexOf("#");
    const baseURL = hash === -1 ? rest : rest.slice(0, hash);
    const model = hash === -1 ? "" : rest.slice(hash + 1);
    if (baseURL === "" || model === "") {
        throw new UserError(`invalid remote model spec "${spec}"`, {
            expected: "openai:<baseURL>#<model>, e.g. openai:http://127.0.0.1:8000/v1#meditron-7b",
            found: baseURL === "" ? "no base URL" : "no #<model> part",
            fix: "add the model id the server serves after a # (see GET <baseURL>/models)"
        });
    }
    return { baseURL, model };
}

/**
 * Turns what a user typed for `--model` into a loaded model:
 * - `openai:<baseURL>#<model>` → a remote OpenAI-compatible server (connected and probed);
 * - a path to an existing file → llama.cpp in-process;
 * - a registry name (`meditron-7b-q4_k_m`, `meditron-7b`) or `hf:<owner>/<repo>/<file>` → the
 *   pulled file in `modelsDir`, or a UserError saying to run `meditron pull NAME` first.
 *
 * llama.cpp is imported only when a local model is loaded, so resolving a remote model never
 * loads node-llama-cpp.
 */
export async function resolveModel(spec: string, options: ResolveModelOptions = {}): Promise<LanguageModel> {
    if (typeof spec !== "string" || spec.trim() === "") {
        throw new UserError("no model given", { expected: "a model file path, a registry name (see `meditron models`) or openai:<baseURL>#<model>", found: JSON.stringify(spec) });
    }
    const trimmed = spec.trim();
    const remote = parseOpenAIModelSpec(trimmed);
    if (remote) {
        const remoteOptions: OpenAICompatibleModelOptions & { signal?: AbortSignal } = {
            baseURL: remote.baseURL,
            model: remote.model,
            ...pick(options, [...REMOTE_OPTION_KEYS, "signal"]),
            ...(options.contextSize !== undefined ? { contextSize: options.contextSize } : {})
        };
        return connectOpenAICompatibleModel(remoteOptions);
    }

    if (await isFile(trimmed)) return loadLocal(trimmed, options);

    const registryModel = findRegistryModel(trimmed);
    if (registryModel || trimmed.startsWith("hf:")) {
        const source = resolvePullSource(trimmed);
        if (options.modelsDir === undefined) {
            throw new UserError(`cannot find "${trimmed}": no models directory was given`, { fix: "pass modelsDir (the CLI uses --models-dir, MEDITRON_MODELS_DIR or ~/.cache/meditron/models)" });
        }
        const pulled = path.join(options.modelsDir, source.fileName);
        if (await isFile(pulled)) return loadLocal(pulled, options);
        const partial = await isFile(`${pulled}.part`);
        throw new UserError(`model "${trimmed}" is not downloaded yet`, {
            expected: `${pulled}`,
            found: partial ? "an interrupted download (.part)" : "no such file",
            fix: `run \`meditron pull ${trimmed}\`${partial ? " to resume it" : ` (${registryModel?.displaySize ?? "size unknown"})`}`
        });
    }

    const suggestions = suggestRegistryNames(trimmed);
    throw new UserError(`unknown model "${trimmed}"`, {
        expected: "a path to an existing .gguf file, a registry name (see `meditron models`), hf:<owner>/<repo>/<file.gguf>, or openai:<baseURL>#<model>",
        found: looksLikePath(trimmed) ? "no file at that path" : "none of these",
        ...(suggestions.length > 0 ? { fix: `did you mean ${suggestions.join(", ")}?` } : {})
    });
}

async function loadLocal(modelPath: string, options: ResolveModelOptions): Promise<LanguageModel> {
    // Dynamic import: node-llama-cpp (native, ~50 MB) loads only when a local model is used.
    const { loadLlamaCppModel } = await import("./llama-cpp/loadLlamaCppModel.js");
    return loadLlamaCppModel({
        modelPath,
        ...pick(options, LOCAL_OPTION_KEYS)
    });
}

async function isFile(candidate: string): Promise<boolean> {
    return (await stat(candidate).catch(() => undefined))?.isFile() === true;
}

function looksLikePath(value: string): boolean {
    return value.includes("/") || value.includes("\\") || value.endsWith(".gguf");
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
    const out: Partial<Pick<T, K>> = {};
    for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
    return out;
}
