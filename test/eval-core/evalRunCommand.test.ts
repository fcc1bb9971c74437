import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import { startOpenAIStubServer } from "../helpers/openaiStubServer.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";
import { captureIO } from "../helpers/captureIO.js";

const repo = path.resolve(import.meta.dirname, "../..");
const dataDir = path.resolve(repo, "../shared/data/benchmarks");
const medqa4Dev = path.join(dataDir, "medqa/questions/US/4_options/phrases_no_exclude_dev.jsonl");

describe("meditron eval run", { timeout: 300_000 }, () => {
    it("runs, writes the run directory, resumes from the cache and reports", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "meditron-eval-cli-"));
        const model = await syntheticModelPath("tiny", { constantAnswer: " A" });
        const args = [
            "eval", "run", "--model", model, "--threads", "1", "--bench", "medqa4", "--protocol", "top-token", "--shots-from", medqa4Dev,
            "--seeds", "1234,432", "--limit", "10", "--data", dataDir, "--out", path.join(dir, "run"), "--cache", path.join(dir, "cache.sqlite")
        ];
        const first = captureIO();
        expect(await runCli(args, first.io)).toBe(0);
        expect(first.stderr()).toContain("0 cached, 20 new");
        expect(first.stderr()).toContain("medqa4: 10 items × 2 seed(s)");
        // Gold letters of the first ten test items: B D B D B D C C B A (one A).
        expect(first.stdout()).toContain("medqa4: accuracy 10.0% ± 0.00 (sd over 2 seeds), 10 items");
        const results = JSON.parse(readFileSync(path.join(dir, "run", "results.json"), "utf8")) as { settings: { seeds: number[] } };
        expect(results.settings.seeds).toEqual([1234, 432]);

        const second = captureIO();
        expect(await runCli(args, second.io)).toBe(0);
        expect(second.stderr()).toContain("20 cached, 0 new");

        const report = captureIO();
        expect(await runCli(["eval", "report", path.join(dir, "run"), "--html", path.join(dir, "report.html")], report.io)).toBe(0);
        expect(report.stdout()).toMatch(/\| \*\*meditron-synthetic-tiny-[0-9a-f]+ \(top-token, 3-shot\)\*\* \| — \| — \| — \| — \| 10\.0±0\.00 \|/);
        expect(readFileSync(path.join(dir, "report.html"), "utf8")).toContain("<svg");
    });

    it("refuses a protocol the backend cannot serve before sending anything, and stops cleanly on Ctrl-C", async () => {
        const server = await startOpenAIStubServer({ echo: false, tokenize: false });
        try {
            const dir = mkdtempSync(path.join(tmpdir(), "meditron-eval-cli-"));
            const io = captureIO();
            const code = await runCli(
                ["eval", "run", "--model", `openai:${server.baseURL}#stub-model`, "--bench", "medqa4", "--protocol", "loglikelihood", "--shots-from", medqa4Dev, "--data", dataDir, "--cache", path.join(dir, "c.sqlite"), "--out", path.join(dir, "run")],
                { ...io.io, env: {} }
            );
            expect(code).toBe(1);
            expect(io.stderr()).toMatch(/^meditron: the loglikelihood protocol cannot run on stub-model/);
            expect(server.requests.filter((r) => r.path === "/v1/completions" && (r.body as { echo?: boolean } | undefined)?.echo !== true)).toHaveLength(0);

            const controller = new AbortController();
            server.delayMs = 20;
            const interrupted = captureIO();
            setTimeout(() => controller.abort(), 300);
            const abortCode = await runCli(
                ["eval", "run", "--model", `openai:${server.baseURL}#stub-model`, "--bench", "medqa4", "--protocol", "paper-generate", "--shots-from", medqa4Dev, "--seeds", "1234", "--data", dataDir, "--cache", path.join(dir, "c.sqlite"), "--out", path.join(dir, "run")],
                { ...interrupted.io, env: {} },
                controller.signal
            );
            expect(abortCode).toBe(130);
            expect(interrupted.stderr()).toContain("Rerun the same command to continue");
        } finally {
            await server.close();
        }
    });

    it("names the valid choices for an unknown protocol", async () => {
        const io = captureIO();
        const code = await runCli(["eval", "run", "--model", "openai:http://127.0.0.1:9/v1#x", "--bench", "medqa4", "--protocol", "argmax", "--data", dataDir], { ...io.io, env: {} });
        expect(code).toBe(1);
        expect(io.stderr()).toMatch(/unknown protocol "argmax"; expected one of top-token, paper-generate, loglikelihood, cot, sc-cot/);
    });
});
