import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanguageModel } from "../../src/models/LanguageModel.js";
import { UserError } from "../../src/util/errors.js";
import { loadLlamaCppModel } from "../../src/models/llama-cpp/loadLlamaCppModel.js";
import { createOpenAICompatibleModel } from "../../src/models/openai-compatible/createOpenAICompatibleModel.js";
import { runEvaluation } from "../../src/eval/runEvaluation.js";
import { readRunDirectory } from "../../src/eval/store/runDirectory.js";
import { ResponseCache } from "../../src/eval/store/ResponseCache.js";
import { startOpenAIStubServer } from "../helpers/openaiStubServer.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";

const repo = path.resolve(import.meta.dirname, "../..");
const dataDir = path.resolve(repo, "../shared/data/benchmarks");
const medqa4Test = path.join(dataDir, "medqa/questions/US/4_options/phrases_no_exclude_test.jsonl");
const medqa4Dev = path.join(dataDir, "medqa/questions/US/4_options/phrases_no_exclude_dev.jsonl");
const tempDir = () => mkdtempSync(path.join(tmpdir(), "meditron-eval-e2e-"));

/** Gold letters of the MedQA-4 test file, read here independently of the loaders. */
function medqa4Golds(): string[] {
    return readFileSync(medqa4Test, "utf8")
        .split("\n")
        .filter((line) => line.trim() !== "")
        .map((line) => (JSON.parse(line) as { answer_idx: string }).answer_idx);
}

const shareOf = (values: readonly string[], wanted: string) => values.filter((v) => v === wanted).length / values.length;

describe("runEvaluation through the real llama.cpp engine", { timeout: 600_000 }, () => {
    let constantA: LanguageModel;
    let constantYes: LanguageModel;
    let tiny: LanguageModel;

    beforeAll(async () => {
        constantA = await loadLlamaCppModel({ modelPath: await syntheticModelPath("tiny", { constantAnswer: " A" }), threads: 1, sequences: 2 });
        constantYes = await loadLlamaCppModel({ modelPath: await syntheticModelPath("tiny", { constantAnswer: " yes" }), threads: 1, sequences: 2 });
        tiny = await loadLlamaCppModel({ modelPath: await syntheticModelPath("tiny"), threads: 1, sequences: 2 });
    });

    afterAll(async () => {
        await constantA?.dispose();
        await constantYes?.dispose();
        await tiny?.dispose();
    });

    it("a constant ' A' model scores on medqa4 top-token exactly the share of gold-A items", async () => {
        const golds = medqa4Golds();
        expect(golds).toHaveLength(1273);
        const out = path.join(tempDir(), "run");
        const run = await runEvaluation({
            // Seed 432: every 3-shot prompt fits the 2048-token context (seed 1234 has two that do not; see the resume test).
            model: constantA, benchmarks: ["medqa4"], protocol: "top-token", dataDir, shotsFrom: medqa4Dev, seeds: [432],
            cache: path.join(tempDir(), "cache.sqlite"), outDir: out
        });
        expect(run.items.filter((item) => item.skipped !== undefined)).toEqual([]);
        const result = run.results.benchmarks[0]!;
        expect(result.items).toBe(1273);
        expect(result.summary.accuracy.mean).toBe(shareOf(golds, "A"));
        expect(run.items.every((item) => item.extracted === "A")).toBe(true);
        expect(result.perSeed[0]!.invalidRate).toBe(0);
        // The model is certain, so its calibration error is 1 − accuracy.
        expect(result.perSeed[0]!.expectedCalibrationError).toBeCloseTo(1 - shareOf(golds, "A"), 6);
        expect(run.requests).toEqual({ cached: 0, new: 1273 });
        // 3 demonstrations from the dev file, the paper's answer cue, no trailing newline.
        const written = await readRunDirectory(out);
        expect(written.items).toHaveLength(1273);
        expect(written.results.settings).toMatchObject({ shots: 3, seeds: [432] });
        expect(written.results.model.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(written.results.benchmarks[0]!.files.map((f) => path.basename(f.path))).toEqual([
            "phrases_no_exclude_test.jsonl",
            "phrases_no_exclude_dev.jsonl"
        ]);
        expect(written.results.versions.nodeLlamaCpp).toBe("3.21.1");
    });

    it("a constant ' yes' model scores on pubmedqa top-token exactly the share of gold-yes items", async () => {
        const truth = Object.values(JSON.parse(readFileSync(path.join(dataDir, "pubmedqa/test_ground_truth.json"), "utf8")) as Record<string, string>);
        expect(truth).toHaveLength(500);
        const run = await runEvaluation({
            model: constantYes, benchmarks: ["pubmedqa"], protocol: "top-token", dataDir, shots: 1, seeds: [1234],
            cache: path.join(tempDir(), "cache.sqlite")
        });
        const result = run.results.benchmarks[0]!;
        expect(result.items).toBe(500);
        expect(result.summary.accuracy.mean).toBe(shareOf(truth, "yes"));
        // Macro-F1 of always answering yes: F1(yes) = 2·p/(1+p) with p the share of yes; no and maybe score 0.
        const p = shareOf(truth, "yes");
        expect(result.summary.macroF1!.mean).toBeCloseTo((2 * p) / (1 + p) / 3, 12);
    });

    it("a full medqa4 run resumes after an abort with the same results and no duplicate model calls", async () => {
        const cacheFile = path.join(tempDir(), "cache.sqlite");
        const options = { model: tiny, benchmarks: ["medqa4"], protocol: "top-token", dataDir, shotsFrom: medqa4Dev, seeds: [1234], cache: cacheFile } as const;
        const controller = new AbortController();
        await expect(
            runEvaluation({ ...options, signal: controller.signal, onProgress: ({ done }) => (done === 400 ? controller.abort(new Error("stop")) : undefined) })
        ).rejects.toThrow("stop");
        const cache = ResponseCache.open(cacheFile);
        const cachedAfterAbort = cache.size();
        cache.close();
        expect(cachedAfterAbort).toBeGreaterThanOrEqual(400);
        expect(cachedAfterAbort).toBeLessThan(1271);

        const resumed = await runEvaluation(options);
        // Two 3-shot prompts of seed 1234 exceed the 2048-token context: never sent, counted wrong.
        const skipped = resumed.items.filter((item) => item.skipped !== undefined);
        expect(skipped).toHaveLength(2);
        expect(skipped[0]).toMatchObject({ valid: false, correct: false, extracted: null });
        expect(skipped[0]!.skipped).toMatch(/prompt is longer than the model context; expected at most 2048 prompt tokens; found \d+ tokens/);
        expect(resumed.results.benchmarks[0]!.notes?.join(" ")).toContain("2 prompt(s)");
        expect(resumed.requests).toEqual({ cached: cachedAfterAbort, new: 1271 - cachedAfterAbort });
        expect(resumed.items).toHaveLength(1273);

        const again = await runEvaluation(options);
        expect(again.requests).toEqual({ cached: 1271, new: 0 });
        expect(again.items).toEqual(resumed.items);

        // An uninterrupted run on a fresh cache agrees item by item with the resumed one (probabilities up to
        // float noise: a different KV-reuse split evaluates the same tokens in other batches).
        const fresh = await runEvaluation({ ...options, cache: path.join(tempDir(), "cache.sqlite"), limit: 450 });
        expect(fresh.items.map((i) => [i.id, i.extracted, i.correct])).toEqual(resumed.items.slice(0, 450).map((i) => [i.id, i.extracted, i.correct]));
        for (let i = 0; i < 450; i++) {
            for (const label of ["A", "B", "C", "D"]) expect(fresh.items[i]!.probabilities![label]).toBeCloseTo(resumed.items[i]!.probabilities![label]!, 2);
        }
    });

    it("runs loglikelihood, paper-generate and sc-cot end to end on the real engine", async () => {
        const common = { model: constantA, benchmarks: ["medqa4"], dataDir, seeds: [1234], limit: 12, cache: path.join(tempDir(), "cache.sqlite") } as const;
        const golds = medqa4Golds().slice(0, 12);
        const generate = await runEvaluation({ ...common, protocol: "paper-generate", shotsFrom: medqa4Dev });
        // The constant model answers " A" first: first-character extraction reads "a".
        expect(generate.items.every((item) => item.extracted === "A" && typeof item.raw === "string" && item.raw.startsWith(" A"))).toBe(true);
        expect(generate.results.benchmarks[0]!.summary.accuracy.mean).toBe(shareOf(golds, "A"));
        expect(generate.results.settings.paperMaxTokens).toEqual({ medqa4: 9 });

        const loglikelihood = await runEvaluation({ ...common, protocol: "loglikelihood", shotsFrom: medqa4Dev });
        const first = loglikelihood.items[0]!;
        expect(first.scores).toHaveLength(4);
        expect(first.extractedNorm).toMatch(/^[A-D]$/);
        expect(loglikelihood.results.benchmarks[0]!.summary.accNorm).toBeDefined();

        const sc = await runEvaluation({ ...common, protocol: "sc-cot", samples: 3, maxTokens: 8 });
        expect(sc.requests.new).toBe(36);
        expect(sc.items.every((item) => Array.isArray(item.raw) && item.raw.length === 3 && item.votes?.length === 3)).toBe(true);
    });
});

describe("runEvaluation against an OpenAI-compatible server", () => {
    it("scores paper-generate through the remote backend and refuses protocols it cannot serve", async () => {
        const server = await startOpenAIStubServer({ respond: () => ({ text: " A. Because" }) });
        try {
            const model = createOpenAICompatibleModel({ baseURL: server.baseURL, model: "stub-model", echo: false, concurrency: 4 });
            const cache = path.join(tempDir(), "cache.sqlite");
            const run = await runEvaluation({ model, benchmarks: ["medqa4"], protocol: "paper-generate", dataDir, shotsFrom: medqa4Dev, seeds: [1234], limit: 30, cache, concurrency: 4 });
            expect(run.results.benchmarks[0]!.summary.accuracy.mean).toBe(shareOf(medqa4Golds().slice(0, 30), "A"));
            const completions = server.requests.filter((r) => r.path === "/v1/completions");
            expect(completions).toHaveLength(30);
            expect(completions[0]!.body).toMatchObject({ temperature: 0, frequency_penalty: 1, max_tokens: 9 });
            expect(String(completions[0]!.body!.prompt).endsWith("The answer is:")).toBe(true);
            expect(run.results.model).toMatchObject({ backend: "openai-compatible", name: "stub-model" });

            // Resumed: nothing is asked again.
            const again = await runEvaluation({ model, benchmarks: ["medqa4"], protocol: "paper-generate", dataDir, shotsFrom: medqa4Dev, seeds: [1234], limit: 30, cache });
            expect(again.requests).toEqual({ cached: 30, new: 0 });
            expect(server.requests.filter((r) => r.path === "/v1/completions")).toHaveLength(30);

            const before = server.requests.length;
            await expect(runEvaluation({ model, benchmarks: ["medqa4"], protocol: "loglikelihood", dataDir, shotsFrom: medqa4Dev, cache })).rejects.toThrow(UserError);
            await expect(runEvaluation({ model, benchmarks: ["medqa4"], protocol: "loglikelihood", dataDir, shotsFrom: medqa4Dev, cache })).rejects.toThrow(/loglikelihood protocol cannot run on stub-model.*scoreContinuations.*needs prompt log-probabilities/);
            expect(server.requests.length).toBe(before);
        } finally {
            await server.close();
        }
    });

    it("names the valid protocols and benchmarks, and a missing shot source, before any request", async () => {
        const model = createOpenAICompatibleModel({ baseURL: "http://127.0.0.1:9/v1", model: "none" });
        const cache = path.join(tempDir(), "cache.sqlite");
        await expect(runEvaluation({ model, benchmarks: ["medqa4"], protocol: "greedy", dataDir, cache })).rejects.toThrow(/unknown protocol "greedy".*top-token, paper-generate, loglikelihood, cot, sc-cot/);
        await expect(runEvaluation({ model, benchmarks: ["usmle"], protocol: "top-token", dataDir, cache })).rejects.toThrow(/unknown benchmark "usmle"/);
        await expect(runEvaluation({ model, benchmarks: ["medqa4"], protocol: "top-token", dataDir, cache })).rejects.toThrow(/no source for few-shot demonstrations.*--shots-from/);
    });
});
