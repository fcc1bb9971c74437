import Ajv2020 from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanguageModel } from "../../src/models/LanguageModel.js";
import { directoryEvaluationRuns } from "../../src/server/EvaluationRuns.js";
import type { RunningServer } from "../../src/server/startServer.js";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadTinyModel, postJson, readSse, startTestServer } from "./serverFixture.js";
import { readJson } from "../helpers/readJson.js";

let model: LanguageModel;
let server: RunningServer;

beforeAll(async () => {
    model = await loadTinyModel(1);
    const runs = await mkdtemp(path.join(tmpdir(), "meditron-runs-"));
    await mkdir(path.join(runs, "run-1"));
    await writeFile(
        path.join(runs, "run-1", "results.json"),
        JSON.stringify({
            schemaVersion: 1,
            model: { backend: "llama-cpp", name: "tiny", source: "x.gguf" },
            protocol: "top-token",
            seeds: [1234],
            settings: {},
            benchmarks: [{ benchmark: "medqa", files: [], items: 10, summary: { accuracy: { mean: 0.3, sd: null, n: 1, values: [0.3] }, accuracyOverParseable: null, invalidRate: { mean: 0, sd: null, n: 1, values: [0] }, perSubject: [] }, perSeed: [] }],
            timings: { startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:01:00Z", wallSeconds: 60, itemsPerSecond: 1, requests: { cached: 0, new: 10 } },
            versions: { meditron: "0.1.0", node: "20", nodeLlamaCpp: "3.21.1" }
        })
    );
    server = await startTestServer(model, { historyFile: ":memory:", evaluations: directoryEvaluationRuns(runs) });
});

afterAll(async () => {
    await server?.close();
    await model?.dispose();
});

describe("POST /v1/meditron/answer and the web app's history", () => {
    it("answers each of the four tasks with the disclaimer and the model name", async () => {
        const requests = [
            { task: "exam", question: "Which is a beta blocker?", options: ["metoprolol", "lisinopril", "amlodipine", "furosemide"], max_tokens: 6 },
            { task: "health", question: "Is coffee bad for my heart?", max_tokens: 6 },
            { task: "disease", disease: "asthma", max_tokens: 4 },
            { task: "differential", case: "A 30-year-old woman with fever and a stiff neck." }
        ];
        for (const request of requests) {
            const response = await postJson(`${server.url}/v1/meditron/answer`, request);
            expect(response.status, JSON.stringify(response.body)).toBe(200);
            expect(response.body).toMatchObject({ object: "meditron.answer", task: request.task, model: model.info.name, safety: null });
            expect(response.body.disclaimer).toMatch(/not a doctor/);
            expect(response.body.text.length).toBeGreaterThan(0);
        }
    });

    it("publishes the differential schema, and the served differential validates against it", async () => {
        const schema = await readJson(fetch(`${server.url}/v1/meditron/schemas/differential.json`));
        expect(schema.title).toBe("MediTron differential diagnosis");
        const response = await postJson(`${server.url}/v1/meditron/answer`, { task: "differential", case: "Child with barking cough and stridor at night." });
        const validate = new Ajv2020.default({ strict: false }).compile(schema);
        expect(validate(response.body.result), JSON.stringify(validate.errors)).toBe(true);
    });

    it("streams a task answer as text events and a final answer event", async () => {
        const response = await fetch(`${server.url}/v1/meditron/answer`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ task: "exam", question: "Which vitamin is fat soluble?", options: ["C", "B12", "K"], stream: true, max_tokens: 6 })
        });
        expect(response.headers.get("content-type")).toContain("text/event-stream");
        const events = (await readSse(response)) as ({ type: string; text?: string; answer?: { text: string; result: { probabilities: Record<string, number> } } } | string)[];
        expect(events.at(-1)).toBe("[DONE]");
        const texts = events.filter((e) => typeof e === "object" && e.type === "text").map((e) => (e as { text: string }).text);
        const final = events.find((e) => typeof e === "object" && e.type === "answer") as { answer: { text: string; result: { probabilities: Record<string, number> } } };
        expect(texts.length).toBeGreaterThan(1);
        expect(texts.join("").trim()).toBe(final.answer.text);
        expect(Object.keys(final.answer.result.probabilities)).toEqual(["A", "B", "C"]);
    });

    it("keeps conversations in SQLite: create, append through answers, list, read, delete", async () => {
        const created = await postJson(`${server.url}/v1/meditron/conversations`, { task: "health", title: "Coffee" });
        expect(created.status).toBe(201);
        const id = created.body.id as string;
        await postJson(`${server.url}/v1/meditron/answer`, { task: "health", question: "Is coffee bad for me?", max_tokens: 4, conversation_id: id });
        const list = await readJson(fetch(`${server.url}/v1/meditron/conversations`));
        expect(list.data.find((c: { id: string }) => c.id === id)).toMatchObject({ title: "Coffee", messageCount: 2 });
        const conversation = await readJson(fetch(`${server.url}/v1/meditron/conversations/${id}`));
        expect(conversation.messages.map((m: { role: string }) => m.role)).toEqual(["user", "assistant"]);
        expect(conversation.messages[0].content).toBe("Is coffee bad for me?");
        expect(conversation.messages[1].answer.task).toBe("health");
        expect((await fetch(`${server.url}/v1/meditron/conversations/${id}`, { method: "DELETE" })).status).toBe(200);
        expect((await fetch(`${server.url}/v1/meditron/conversations/${id}`)).status).toBe(404);
    });

    it("lists evaluation runs from the result store", async () => {
        const runs = await readJson(fetch(`${server.url}/v1/meditron/evaluations`));
        expect(runs.data).toEqual([
            { id: "run-1", model: "tiny", protocol: "top-token", startedAt: "2026-01-01T00:00:00Z", wallSeconds: 60, benchmarks: [{ benchmark: "medqa", items: 10, accuracy: 0.3, accuracySd: null, invalidRate: 0 }] }
        ]);
        const run = await readJson(fetch(`${server.url}/v1/meditron/evaluations/run?id=run-1`));
        expect(run.protocol).toBe("top-token");
        expect((await fetch(`${server.url}/v1/meditron/evaluations/run?id=../../etc`)).status).toBe(404);
    });

    it("describes the model and settings for the settings panel", async () => {
        const info = await readJson(fetch(`${server.url}/v1/meditron/info`));
        expect(info).toMatchObject({ model: { name: model.info.name, backend: "llama-cpp" }, tasks: ["exam", "health", "disease", "differential"], history: true });
        expect(info.settings.chatFormat).toBe("meditron-one-shot");
    });
});
