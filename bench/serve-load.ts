/**
 * Serving load benchmark: 32 concurrent streaming clients against `meditron serve`'s HTTP API on
 * the `small` synthetic model, compared with the same 32-way load on the library called directly,
 * in the same process and the same run.
 *
 *   npx tsx bench/serve-load.ts [--seconds 60] [--clients 32] [--max-tokens 32] [--sequences 8] [--blocks 2]
 *
 * Each side gets `--seconds` of load in total, split into `--blocks` alternating blocks (library,
 * server, library, server, ...) so load drifting on a shared machine hits both alike. Within a block
 * every client loops: send a request, read the stream to the end, repeat. Throughput is measured in
 * steady state: every streamed text piece (one per generated token) that arrives inside the block's
 * window counts, on both sides alike; when the window closes, requests still running are cancelled
 * (not counted as failures) so the next block starts clean. Without that, each block would end
 * with a long drain at falling concurrency (32 clients on 8 sequences queue for tens of seconds),
 * which measures the tail rather than the server. Completed requests' reported usage is recorded
 * too. A failed request is any non-200 answer, an error event in the stream, or a stream that ends
 * without [DONE] before the window closed.
 *
 * Writes bench/results/serve-load.json.
 */
import { setMaxListeners } from "node:events";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { synthesizeModel } from "../src/models/gguf/synthesizeModel.js";
import { availableCpus, defaultThreads } from "../src/models/llama-cpp/defaultThreads.js";
import { loadLlamaCppModel } from "../src/models/llama-cpp/loadLlamaCppModel.js";
import type { LanguageModel } from "../src/models/LanguageModel.js";
import { startServer } from "../src/server/startServer.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const argNumber = (name: string, fallback: number): number => {
    const index = args.indexOf(name);
    return index === -1 ? fallback : Number(args[index + 1]);
};
const seconds = argNumber("--seconds", 60);
const clients = argNumber("--clients", 32);
const maxTokens = argNumber("--max-tokens", 32);
const sequences = argNumber("--sequences", 8);
const blocks = argNumber("--blocks", 2);
const threads = defaultThreads();

const topics = ["chest pain", "fever in a child", "type 2 diabetes", "asthma attack", "migraine", "kidney stones", "pneumonia", "anaemia"];
const promptFor = (client: number, request: number) =>
    `Question ${client}-${request}: what should a patient know about ${topics[(client + request) % topics.length]}?\nAnswer:`;

interface Sample {
    ok: boolean;
    /** Cancelled because the block's window closed (neither a failure nor a completed request). */
    cut: boolean;
    ttftMs: number | null;
    tokens: number;
}

interface Block {
    side: "library" | "server";
    windowSeconds: number;
    /** Text pieces (≈ generated tokens) that arrived inside the window. */
    piecesInWindow: number;
    samples: Sample[];
}

/** What a request reports while it runs: each text piece as it arrives. */
type Request = (client: number, n: number, onPiece: () => void, signal: AbortSignal) => Promise<Sample>;

/** Runs `clients` loops of `request` for `ms`, counting text pieces inside the window, then cancels what is left. */
async function runBlock(side: Block["side"], ms: number, request: Request): Promise<Block> {
    const start = performance.now();
    const stop = new AbortController();
    setMaxListeners(clients * 4, stop.signal);
    const samples: Sample[] = [];
    let pieces = 0;
    let open = true;
    const onPiece = () => {
        if (open) pieces++;
    };
    const timer = setTimeout(() => {
        open = false;
        stop.abort();
    }, ms);
    await Promise.all(
        Array.from({ length: clients }, async (_, client) => {
            for (let n = 0; !stop.signal.aborted; n++) samples.push(await request(client, n, onPiece, stop.signal));
        })
    );
    clearTimeout(timer);
    return { side, windowSeconds: ms / 1000, piecesInWindow: pieces, samples };
}

async function libraryRequest(model: LanguageModel, client: number, n: number, onPiece: () => void, signal: AbortSignal): Promise<Sample> {
    const start = performance.now();
    let first: number | null = null;
    try {
        const generation = await model.generate(promptFor(client, n), {
            maxTokens,
            temperature: 0.8,
            seed: client * 1000 + n,
            signal,
            onText: () => {
                first ??= performance.now() - start;
                onPiece();
            }
        });
        if (generation.finishReason === "abort") return { ok: true, cut: true, ttftMs: first, tokens: 0 };
        return { ok: true, cut: false, ttftMs: first, tokens: generation.usage.completionTokens };
    } catch {
        return { ok: false, cut: signal.aborted, ttftMs: first, tokens: 0 };
    }
}

async function serverRequest(url: string, modelName: string, client: number, n: number, onPiece: () => void, signal: AbortSignal): Promise<Sample> {
    const start = performance.now();
    let first: number | null = null;
    try {
        const response = await fetch(`${url}/v1/completions`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ model: modelName, prompt: promptFor(client, n), max_tokens: maxTokens, temperature: 0.8, seed: client * 1000 + n, stream: true, stream_options: { include_usage: true } }),
            signal
        });
        if (response.status !== 200 || response.body === null) {
            await response.text();
            return { ok: false, cut: false, ttftMs: null, tokens: 0 };
        }
        const reader = response.body.getReader();
        const decoder = new TextDecoder();
        let buffer = "";
        let tokens = 0;
        let done = false;
        let failed = false;
        for (;;) {
            const chunk = await reader.read();
            if (chunk.done) break;
            buffer += decoder.decode(chunk.value, { stream: true });
            let end: number;
            while ((end = buffer.indexOf("\n\n")) >= 0) {
                const data = buffer.slice(0, end).replace(/^data: /, "");
                buffer = buffer.slice(end + 2);
                if (data === "[DONE]") {
                    done = true;
                    continue;
                }
                const event = JSON.parse(data) as { error?: unknown; usage?: { completion_tokens: number }; choices?: { text: string }[] };
                if (event.error !== undefined) failed = true;
                if (event.usage) tokens = event.usage.completion_tokens;
                if ((event.choices?.[0]?.text ?? "") !== "") {
                    first ??= performance.now() - start;
                    onPiece();
                }
            }
        }
        return { ok: done && !failed, cut: false, ttftMs: first, tokens };
    } catch {
        // An abort at the window's end is expected; anything else is a failure.
        return { ok: signal.aborted, cut: signal.aborted, ttftMs: first, tokens: 0 };
    }
}

function percentile(values: number[], p: number): number | null {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function summarize(side: Block["side"], list: Block[]) {
    const mine = list.filter((b) => b.side === side);
    const samples = mine.flatMap((b) => b.samples);
    const completed = samples.filter((s) => s.ok && !s.cut);
    const window = mine.reduce((sum, b) => sum + b.windowSeconds, 0);
    const pieces = mine.reduce((sum, b) => sum + b.piecesInWindow, 0);
    // Every request whose first token arrived counts, including those cut at the window's end.
    const ttft = samples.filter((s) => s.ttftMs !== null).map((s) => s.ttftMs!);
    return {
        windowSeconds: window,
        completedRequests: completed.length,
        failedRequests: samples.filter((s) => !s.ok).length,
        cutAtWindowEnd: samples.filter((s) => s.ok && s.cut).length,
        requestsPerSecond: completed.length / window,
        tokensInWindow: pieces,
        tokensPerSecond: pieces / window,
        completedRequestTokens: completed.reduce((sum, s) => sum + s.tokens, 0),
        timeToFirstTokenMs: { p50: percentile(ttft, 50), p95: percentile(ttft, 95), max: percentile(ttft, 100) },
        perBlockTokensPerSecond: mine.map((b) => b.piecesInWindow / b.windowSeconds)
    };
}

async function main(): Promise<void> {
    const modelPath = path.join(root, "bench/tmp/small.gguf");
    if (!existsSync(modelPath)) {
        mkdirSync(path.dirname(modelPath), { recursive: true });
        await synthesizeModel({ outputPath: modelPath, preset: "small", seed: 1 });
    }
    const model = await loadLlamaCppModel({ modelPath, threads, sequences, contextSize: 512 });
    const server = await startServer({ model, port: 0, parallel: sequences, queueSize: clients * 2, timeoutMs: 600_000, historyFile: undefined });
    console.error(`serve-load: small model, ${sequences} sequences, ${threads} thread(s), ${clients} clients, ${seconds} s per side in ${blocks} blocks, ${maxTokens} tokens per request`);

    // Warm-up: one short round on each side so neither pays first-use costs inside the measurement.
    const library: Request = (c, n, onPiece, signal) => libraryRequest(model, c, n, onPiece, signal);
    const served: Request = (c, n, onPiece, signal) => serverRequest(server.url, model.info.name, c, n, onPiece, signal);
    await runBlock("library", 3000, library);
    await runBlock("server", 3000, served);

    const measured: Block[] = [];
    const blockMs = (seconds * 1000) / blocks;
    for (let i = 0; i < blocks; i++) {
        const order: Block["side"][] = i % 2 === 0 ? ["library", "server"] : ["server", "library"];
        for (const side of order) {
            const block = await runBlock(side, blockMs, side === "library" ? library : served);
            measured.push(block);
            console.error(`  block ${i + 1} ${side}: ${block.samples.filter((x) => x.ok && !x.cut).length} requests completed, ${(block.piecesInWindow / block.windowSeconds).toFixed(1)} tok/s`);
        }
    }
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    await server.close();
    await model.dispose();

    const librarySummary = summarize("library", measured);
    const servedSummary = summarize("server", measured);
    const result = {
        date: new Date().toISOString(),
        machine: { cpus: availableCpus(), cpuModel: os.cpus()[0]?.model ?? "unknown", node: process.version, platform: `${process.platform}-${process.arch}` },
        model: { preset: "small", path: "bench/tmp/small.gguf", sequences, threads, contextSize: 512 },
        load: { clients, secondsPerSide: seconds, blocks, maxTokensPerRequest: maxTokens, endpoint: "POST /v1/completions (stream: true)", temperature: 0.8 },
        method: "alternating blocks (library/server); every client loops request → full stream; tokens/s = streamed text pieces (one per token) arriving inside the block window; requests still running when the window closes are cancelled, not counted as failures",
        server: servedSummary,
        library: librarySummary,
        servedVsLibraryTokensPerSecond: servedSummary.tokensPerSecond / librarySummary.tokensPerSecond,
        target: { failedRequests: 0, servedVsLibrary: ">= 0.9" },
        pass: servedSummary.failedRequests === 0 && servedSummary.tokensPerSecond / librarySummary.tokensPerSecond >= 0.9,
        serverMetricsExcerpt: metrics.split("\n").filter((line) => /^meditron_(requests_total|completion_tokens_total|requests_cancelled_total)/.test(line))
    };
    const out = path.join(root, "bench/results/serve-load.json");
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify({ server: servedSummary, library: librarySummary, ratio: result.servedVsLibraryTokensPerSecond, pass: result.pass }, null, 2));
    console.error(`serve-load: wrote ${path.relative(root, out)}`);
}

await main();
