import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { syntheticModelPath } from "../helpers/syntheticModel.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let child: ChildProcess | undefined;

afterEach(() => {
    if (child !== undefined && child.exitCode === null) child.kill("SIGKILL");
});

/** Starts `meditron serve` as a real process and resolves with its URL once it listens. */
async function startCli(extra: string[]): Promise<{ url: string; exited: Promise<number | null>; stderr: () => string }> {
    const modelPath = await syntheticModelPath("tiny");
    child = spawn(process.execPath, ["--import", "tsx", "src/cli/bin.ts", "serve", "--model", modelPath, "--threads", "1", "--port", "0", "--no-history", ...extra], {
        cwd: repo,
        stdio: ["ignore", "pipe", "pipe"]
    });
    let stderr = "";
    const exited = new Promise<number | null>((resolve) => child!.once("exit", (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 30_000);
        child!.stderr!.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
            const match = /at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
            if (match) {
                clearTimeout(timer);
                resolve(match[1]!);
            }
        });
        child!.once("exit", () => reject(new Error(`server exited: ${stderr}`)));
    });
    return { url, exited, stderr: () => stderr };
}

describe("graceful shutdown on SIGTERM", () => {
    it("lets a running request finish, refuses new connections, and exits 0", async () => {
        const { url, exited, stderr } = await startCli(["--shutdown-deadline", "20"]);
        const pending = fetch(`${url}/v1/completions`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ prompt: "Medicine", max_tokens: 1500, temperature: 0 })
        });
        // Signal only once the request holds a sequence.
        for (let i = 0; i < 200; i++) {
            const health = (await (await fetch(`${url}/health`, { headers: { Connection: "close" } })).json()) as { running: number };
            if (health.running === 1) break;
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
        child!.kill("SIGTERM");
        const response = await pending;
        expect(response.status).toBe(200);
        const body = (await response.json()) as { usage: { completion_tokens: number } };
        expect(body.usage.completion_tokens).toBe(1500);
        expect(await exited).toBe(0);
        expect(stderr()).toContain("shutting down");
        await expect(fetch(`${url}/health`)).rejects.toThrow();
    });

    it("cancels what is still running when the deadline passes, and still exits 0", async () => {
        const { url, exited } = await startCli(["--shutdown-deadline", "0"]);
        const response = await fetch(`${url}/v1/chat/completions`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ messages: [{ role: "user", content: "Explain medicine." }], max_tokens: 1400, temperature: 0, stream: true })
        });
        const reader = response.body!.getReader();
        await reader.read();
        const stoppedAt = performance.now();
        child!.kill("SIGTERM");
        let text = "";
        const decoder = new TextDecoder();
        for (;;) {
            const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
            if (done) break;
            text += decoder.decode(value);
        }
        expect(await exited).toBe(0);
        expect(performance.now() - stoppedAt).toBeLessThan(5000);
        expect(text).not.toContain('"finish_reason":"length"');
    });
});
