import { getLlama, LlamaLogLevel, type Llama } from "node-llama-cpp";
import { UserError } from "../../util/errors.js";

/** Which llama.cpp binary to use: CPU only (`false`), the best available, or a named GPU backend. */
export type LlamaGpuChoice = false | "auto" | "vulkan" | "cuda";

const runtimes = new Map<string, Promise<Llama>>();

/**
 * The llama.cpp runtime for a GPU choice and thread count, created once per process.
 *
 * `build: "never"` keeps node-llama-cpp from trying to clone and compile llama.cpp when no
 * prebuilt binary fits (that needs network and minutes); `maxThreads` is always set because
 * node-llama-cpp's own default oversubscribes small machines.
 */
export function llamaRuntime(gpu: LlamaGpuChoice, maxThreads: number): Promise<Llama> {
    const key = `${String(gpu)}|${maxThreads}`;
    let runtime = runtimes.get(key);
    if (runtime === undefined) {
        runtime = getLlama({ gpu, build: "never", maxThreads, logLevel: LlamaLogLevel.warn, progressLogs: false }).catch((error: unknown) => {
            runtimes.delete(key);
            throw new UserError(`cannot start llama.cpp with gpu=${String(gpu)}`, {
                expected: gpu === false ? "the prebuilt CPU binary of node-llama-cpp" : `a prebuilt ${String(gpu)} binary and its driver libraries`,
                found: error instanceof Error ? error.message : String(error),
                fix: gpu === false ? "reinstall node-llama-cpp (npm ci)" : "use --gpu auto (falls back to CPU) or install the GPU runtime (see docs/commands/ask.md)",
                cause: error
            });
        });
        runtimes.set(key, runtime);
    }
    return runtime;
}
