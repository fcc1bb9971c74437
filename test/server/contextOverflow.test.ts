import { afterEach, describe, expect, it } from "vitest";
import { createOpenAICompatibleModel } from "../../src/models/openai-compatible/createOpenAICompatibleModel.js";
import type { RunningServer } from "../../src/server/startServer.js";
import { startOpenAIStubServer, type OpenAIStubServer } from "../helpers/openaiStubServer.js";
import { postJson, startTestServer } from "./serverFixture.js";

let upstream: OpenAIStubServer | undefined;
let server: RunningServer | undefined;

afterEach(async () => {
    await server?.close();
    await upstream?.close();
    server = undefined;
    upstream = undefined;
});

/** A server over a remote model with no known context size whose upstream answers a context-length 400. */
async function serverOverUpstreamThatOverflows(): Promise<RunningServer> {
    upstream = await startOpenAIStubServer();
    const message = "This model's maximum context length is 2048 tokens. However, you requested 2330 tokens.";
    upstream.failNext(1, { status: 400, body: JSON.stringify({ error: { message } }) });
    return startTestServer(createOpenAICompatibleModel({ baseURL: upstream.baseURL, model: "stub-model", maxRetries: 0 }));
}

describe("a ContextOverflowError from the backend", () => {
    it("becomes a 400 context_length_exceeded, even when the server cannot check the prompt's length first", async () => {
        // A remote model with no known context size: fitToContext lets the prompt through and the
        // upstream server's context-length 400 reaches the route as a ContextOverflowError.
        server = await serverOverUpstreamThatOverflows();
        const response = await postJson(`${server.url}/v1/completions`, { prompt: "word ".repeat(10), max_tokens: 1 });
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({ param: "prompt", code: "context_length_exceeded" });
        expect(response.body.error.message).toMatch(/maximum context length is 2048 tokens/);
    });

    it("on /v1/meditron/answer too: 400 context_length_exceeded naming the question, not 422 task_failed", async () => {
        server = await serverOverUpstreamThatOverflows();
        const response = await postJson(`${server.url}/v1/meditron/answer`, { task: "health", question: "Why does my knee click when I climb stairs? ".repeat(5) });
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({ param: "question", code: "context_length_exceeded" });
        expect(response.body.error.message).toMatch(/maximum context length is 2048 tokens/);
    });
});
