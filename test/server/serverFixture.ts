import { loadLlamaCppModel } from "../../src/models/llama-cpp/loadLlamaCppModel.js";
import type { LanguageModel } from "../../src/models/LanguageModel.js";
import { startServer, type RunningServer, type StartServerOptions } from "../../src/server/startServer.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";

/** Loads the tiny synthetic model on llama.cpp (1 thread, as every test must). */
export async function loadTinyModel(sequences = 2, extra?: { constantAnswer?: string }): Promise<LanguageModel> {
    return loadLlamaCppModel({ modelPath: await syntheticModelPath("tiny", extra), threads: 1, sequences, contextSize: 2048 });
}

/** A real server on a free port of 127.0.0.1, serving `model`. */
export async function startTestServer(model: LanguageModel, options: Omit<StartServerOptions, "model"> = {}): Promise<RunningServer> {
    return startServer({ model, port: 0, ...options });
}

/** POSTs JSON and returns status, headers and parsed body. */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> {
    const response = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
        parsed = JSON.parse(text);
    } catch {
        // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed };
}

/** Reads an SSE response into its `data:` payloads (JSON-parsed where possible). */
export async function readSse(response: Response): Promise<unknown[]> {
    const text = await response.text();
    return text
        .split("\n\n")
        .map((block) => block.trim())
        .filter((block) => block.startsWith("data: "))
        .map((block) => {
            const data = block.slice("data: ".length);
            try {
                return JSON.parse(data) as unknown;
            } catch {
                return data;
            }
        });
}

/** Polls `check` until it returns true or `ms` pass; returns the elapsed milliseconds, or -1. */
export async function waitFor(check: () => Promise<boolean>, ms: number): Promise<number> {
    const start = performance.now();
    while (performance.now() - start < ms) {
        if (await check()) return performance.now() - start;
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return -1;
}
