import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanguageModel } from "../../src/models/LanguageModel.js";
import type { RunningServer } from "../../src/server/startServer.js";
import { loadTinyModel, postJson, readSse, startTestServer, waitFor } from "./serverFixture.js";
import { readJson } from "../helpers/readJson.js";

let model: LanguageModel;
let server: RunningServer;

beforeAll(async () => {
    model = await loadTinyModel(2);
    server = await startTestServer(model, { parallel: 2, queueSize: 2, timeoutMs: 10_000 });
});

afterAll(async () => {
    await server?.close();
    await model?.dispose();
});

const longCompletion = { prompt: "Medicine", max_tokens: 2000, temperature: 0, stream: true };
const longChat = { messages: [{ role: "user", content: "Tell me everything about medicine." }], max_tokens: 1400, temperature: 0 };
const health = async () => (await readJson(fetch(`${server.url}/health`))) as { running: number; queued: number };

describe("serving several requests on parallel sequences", () => {
    it("runs two at once, queues two, and answers the rest 503 with Retry-After", async () => {
        const controllers = Array.from({ length: 6 }, () => new AbortController());
        const busy: Response[] = [];
        const started = controllers.map((controller) =>
            fetch(`${server.url}/v1/completions`, {
                method: "POST",
                headers: { "Content-Type": "application/json" },
                body: JSON.stringify(longCompletion),
                signal: controller.signal
            }).then((response) => {
                if (response.status === 503) busy.push(response);
                return response;
            })
        );
        // Whatever order the server saw them in, two run, two wait, two are refused at once.
        expect(await waitFor(async () => busy.length === 2, 3000)).toBeGreaterThanOrEqual(0);
        for (const response of busy) {
            expect(response.headers.get("retry-after")).toBe("1");
            expect((await readJson(response)).error.code).toBe("queue_full");
        }
        expect(await health()).toMatchObject({ running: 2, queued: 2 });
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        expect(metrics).toContain("meditron_queue_depth 2");
        expect(metrics).toContain("meditron_requests_running 2");
        for (const controller of controllers) controller.abort();
        await Promise.allSettled(started);
        expect(await waitFor(async () => (await health()).running === 0, 1000)).toBeGreaterThanOrEqual(0);
    });

    it("frees the slot within a second when a streaming client disconnects", async () => {
        const controller = new AbortController();
        const response = await fetch(`${server.url}/v1/chat/completions`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ ...longChat, stream: true }),
            signal: controller.signal
        });
        const reader = response.body!.getReader();
        await reader.read(); // generation is under way
        expect((await health()).running).toBe(1);
        controller.abort();
        const freedAfter = await waitFor(async () => (await health()).running === 0, 1000);
        expect(freedAfter).toBeGreaterThanOrEqual(0);
        expect(freedAfter).toBeLessThan(1000);
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        expect(metrics).toMatch(/meditron_requests_running 0/);
        expect(await waitFor(async () => /meditron_requests_cancelled_total [1-9]/.test(await (await fetch(`${server.url}/metrics`)).text()), 1000)).toBeGreaterThanOrEqual(0);
    });

    it("frees the slot within a second when a non-streaming client disconnects", async () => {
        const controller = new AbortController();
        const pending = fetch(`${server.url}/v1/completions`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ prompt: "Medicine is", max_tokens: 1800, temperature: 0 }),
            signal: controller.signal
        }).catch(() => undefined);
        expect(await waitFor(async () => (await health()).running === 1, 1000)).toBeGreaterThanOrEqual(0);
        controller.abort();
        await pending;
        const freedAfter = await waitFor(async () => (await health()).running === 0, 1000);
        expect(freedAfter).toBeGreaterThanOrEqual(0);
    });

    it("serves queued requests once slots free up (4 requests on 2 sequences all succeed)", async () => {
        const responses = await Promise.all(
            Array.from({ length: 4 }, (_, i) => postJson(`${server.url}/v1/chat/completions`, { messages: [{ role: "user", content: `Question ${i}` }], max_tokens: 30, temperature: 0 }))
        );
        expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
        expect(server.context.scheduler.active).toBe(0);
        expect(responses.every((r) => r.body.usage.completion_tokens > 0)).toBe(true);
    });

});

describe("per-request timeout", () => {
    let quick: RunningServer;
    beforeAll(async () => {
        quick = await startTestServer(model, { timeoutMs: 200 });
    });
    afterAll(async () => {
        await quick?.close();
    });

    it("cancels a request that runs past the timeout with 504 and frees its slot", async () => {
        const response = await postJson(`${quick.url}/v1/completions`, { prompt: "Medicine is", max_tokens: 1900, temperature: 0 });
        expect(response.status).toBe(504);
        expect(response.body.error.code).toBe("timeout");
        expect(quick.context.scheduler.active).toBe(0);
    });

    it("ends a timed-out stream with a timeout error event (what the openai client raises as APIError)", async () => {
        const response = await fetch(`${quick.url}/v1/chat/completions`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ ...longChat, max_tokens: 1400, stream: true })
        });
        expect(response.status).toBe(200);
        const events = await readSse(response);
        expect(events.length).toBeGreaterThan(1);
        expect(events.at(-1)).toMatchObject({ error: { code: "timeout", type: "timeout_error" } });
        expect(quick.context.scheduler.active).toBe(0);
    });
});
