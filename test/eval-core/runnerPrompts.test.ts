import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBenchmark } from "../../src/eval/datasets/loadBenchmark.js";
import { loadShotPool, parseShotSource } from "../../src/eval/datasets/loadShotPool.js";
import { runEvaluation } from "../../src/eval/runEvaluation.js";
import { renderExamPrompts } from "../../src/eval/shots/renderExamPrompts.js";
import { sha256 } from "../../src/util/sha256.js";
import { createOpenAICompatibleModel } from "../../src/models/openai-compatible/createOpenAICompatibleModel.js";
import { startOpenAIStubServer } from "../helpers/openaiStubServer.js";

const dataDir = path.resolve(import.meta.dirname, "../../../shared/data/benchmarks");

describe("the runner sends exactly the prompts `eval prompts` prints", () => {
    for (const [benchmark, shotsFrom] of [
        ["pubmedqa", undefined],
        ["mmlu-medical", undefined],
        ["medqa4", "test-excluding-item"]
    ] as const) {
        it(`${benchmark}, 3 shots${shotsFrom ? ` from ${shotsFrom}` : ""}, two seeds`, async () => {
            const server = await startOpenAIStubServer({ respond: () => ({ text: " yes" }) });
            try {
                const model = createOpenAICompatibleModel({ baseURL: server.baseURL, model: "stub-model" });
                const run = await runEvaluation({
                    model, benchmarks: [benchmark], protocol: "paper-generate", dataDir, seeds: [1234, 432], limit: 4,
                    cache: path.join(mkdtempSync(path.join(tmpdir(), "meditron-prompts-")), "c.sqlite"),
                    ...(shotsFrom !== undefined ? { shotsFrom } : {})
                });
                const loaded = await loadBenchmark(benchmark, { dataDir });
                const pool = await loadShotPool(benchmark, parseShotSource(shotsFrom), { dataDir });
                const sent = server.requests.filter((r) => r.path === "/v1/completions").map((r) => String(r.body!.prompt));
                for (const seed of [1234, 432]) {
                    const expected = renderExamPrompts({ benchmark, items: loaded.items.slice(0, 4), shots: 3, pool, seed });
                    const records = run.items.filter((item) => item.seed === seed);
                    expect(records.map((r) => r.promptSha256)).toEqual(expected.map((e) => sha256(e.prompt)));
                    for (const e of expected) expect(sent).toContain(e.prompt);
                }
                expect(sent).toHaveLength(8);
            } finally {
                await server.close();
            }
        });
    }
});
