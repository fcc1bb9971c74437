import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanguageModel } from "../../src/models/LanguageModel.js";
import type { RunningServer } from "../../src/server/startServer.js";
import { loadTinyModel, postJson, startTestServer } from "./serverFixture.js";
import { readJson } from "../helpers/readJson.js";

let model: LanguageModel;
let server: RunningServer;

beforeAll(async () => {
    model = await loadTinyModel(1);
    server = await startTestServer(model, { bodyLimitBytes: 16_384 });
});

afterAll(async () => {
    await server?.close();
    await model?.dispose();
});

const chat = (extra: Record<string, unknown>) => ({ messages: [{ role: "user", content: "hi" }], max_tokens: 2, ...extra });

/** Each case: path, body, expected status, expected `param` of the OpenAI-style error. */
const cases: [string, string, unknown, number, string | null][] = [
    ["body that is not JSON", "/v1/chat/completions", "{not json", 400, null],
    ["empty body", "/v1/chat/completions", "", 400, null],
    ["body that is an array", "/v1/chat/completions", [1, 2], 400, null],
    ["missing messages", "/v1/chat/completions", { max_tokens: 2 }, 400, "messages"],
    ["empty messages", "/v1/chat/completions", { messages: [] }, 400, "messages"],
    ["message without role", "/v1/chat/completions", { messages: [{ content: "x" }] }, 400, "messages[0].role"],
    ["unknown role", "/v1/chat/completions", { messages: [{ role: "wizard", content: "x" }] }, 400, "messages[0].role"],
    ["content of the wrong type", "/v1/chat/completions", { messages: [{ role: "user", content: 5 }] }, 400, "messages[0].content"],
    ["image content", "/v1/chat/completions", { messages: [{ role: "user", content: [{ type: "image_url", image_url: { url: "x" } }] }] }, 400, "messages[0].content[0]"],
    ["conversation ending with the assistant", "/v1/chat/completions", { messages: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }] }, 400, "messages"],
    ["temperature out of range", "/v1/chat/completions", chat({ temperature: 5 }), 400, "temperature"],
    ["temperature as a string", "/v1/chat/completions", chat({ temperature: "hot" }), 400, "temperature"],
    ["top_p of 0", "/v1/chat/completions", chat({ top_p: 0 }), 400, "top_p"],
    ["negative max_tokens", "/v1/chat/completions", chat({ max_tokens: -1 }), 400, "max_tokens"],
    ["fractional max_tokens", "/v1/chat/completions", chat({ max_tokens: 1.5 }), 400, "max_tokens"],
    ["max_tokens beyond the context", "/v1/chat/completions", chat({ max_tokens: 100000 }), 400, "max_tokens"],
    ["negative seed", "/v1/chat/completions", chat({ seed: -3 }), 400, "seed"],
    ["n of 0", "/v1/chat/completions", chat({ n: 0 }), 400, "n"],
    ["stop of the wrong type", "/v1/chat/completions", chat({ stop: 7 }), 400, "stop"],
    ["five stop strings", "/v1/chat/completions", chat({ stop: ["a", "b", "c", "d", "e"] }), 400, "stop"],
    ["top_logprobs without logprobs", "/v1/chat/completions", chat({ top_logprobs: 2 }), 400, "top_logprobs"],
    ["top_logprobs above 20", "/v1/chat/completions", chat({ logprobs: true, top_logprobs: 21 }), 400, "top_logprobs"],
    ["unsupported response_format", "/v1/chat/completions", chat({ response_format: { type: "json_object" } }), 400, "response_format.type"],
    ["stream not a boolean", "/v1/chat/completions", chat({ stream: "yes" }), 400, "stream"],
    ["unknown model", "/v1/chat/completions", chat({ model: "gpt-4o" }), 404, "model"],
    ["missing prompt", "/v1/completions", { max_tokens: 2 }, 400, "prompt"],
    ["prompt of the wrong type", "/v1/completions", { prompt: { text: "x" } }, 400, "prompt"],
    ["token id outside the vocabulary", "/v1/completions", { prompt: [1, 99999999] }, 400, "prompt"],
    ["mixed prompt list", "/v1/completions", { prompt: ["ok", 5] }, 400, "prompt[1]"],
    ["logprobs above 20", "/v1/completions", { prompt: "x", logprobs: 50 }, 400, "logprobs"],
    ["echo+logprobs while streaming", "/v1/completions", { prompt: "x", echo: true, logprobs: 1, stream: true }, 400, "stream"],
    ["suffix", "/v1/completions", { prompt: "x", suffix: "y" }, 400, "suffix"],
    ["tokenize without prompt", "/tokenize", {}, 400, "prompt"],
    ["detokenize with a bad id", "/detokenize", { tokens: [1, "two"] }, 400, "tokens[1]"],
    ["unknown task", "/v1/meditron/answer", { task: "surgery" }, 400, "task"],
    ["exam without options", "/v1/meditron/answer", { task: "exam", question: "Which?" }, 400, "options"],
    ["exam with an empty option", "/v1/meditron/answer", { task: "exam", question: "Which?", options: ["a", ""] }, 400, "options[1]"],
    ["health without question", "/v1/meditron/answer", { task: "health" }, 400, "question"],
    ["disease without name", "/v1/meditron/answer", { task: "disease", disease: "  " }, 400, "disease"],
    ["differential without case", "/v1/meditron/answer", { task: "differential" }, 400, "case"],
    ["unknown conversation", "/v1/meditron/answer", { task: "health", question: "q", conversation_id: "nope" }, 404, "conversation_id"]
];

describe("every invalid request gets a 4xx with an OpenAI-style error naming the field", () => {
    it.each(cases)("%s", async (_name, path, body, status, param) => {
        const response = await postJson(`${server.url}${path}`, body);
        expect(response.status).toBe(status);
        expect(response.body.error).toMatchObject({ param });
        expect(typeof response.body.error.message).toBe("string");
        expect(typeof response.body.error.type).toBe("string");
    });

    it("refuses a body over the limit with 413", async () => {
        const response = await postJson(`${server.url}/v1/chat/completions`, chat({ messages: [{ role: "user", content: "x".repeat(20_000) }] }));
        expect(response.status).toBe(413);
        expect(response.body.error.code).toBe("body_too_large");
    });

    it("accepts JSON sent with curl's default form content type", async () => {
        const response = await fetch(`${server.url}/tokenize`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: JSON.stringify({ prompt: "fever" }) });
        expect(response.status).toBe(200);
    });

    it("refuses a non-JSON body of another content type with 415", async () => {
        const response = await fetch(`${server.url}/v1/chat/completions`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "a=b" });
        expect(response.status).toBe(415);
        expect((await readJson(response)).error.type).toBe("invalid_request_error");
    });

    it("answers unknown routes with a 404 error object", async () => {
        const response = await fetch(`${server.url}/v1/embeddings`, { method: "POST", body: "{}" });
        expect(response.status).toBe(404);
        expect((await readJson(response)).error.code).toBe("not_found");
    });

    it("refuses a prompt longer than the context with context_length_exceeded", async () => {
        const response = await postJson(`${server.url}/v1/completions`, { prompt: "word ".repeat(2100), max_tokens: 1 });
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({ param: "prompt", code: "context_length_exceeded" });
    });

    it("surfaces errors as the openai client's typed exceptions", async () => {
        const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused", maxRetries: 0 });
        const error = await client.chat.completions.create({ model: model.info.name, messages: [{ role: "user", content: "hi" }], temperature: 9 }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(OpenAI.BadRequestError);
        expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe("temperature");
        const missing = await client.chat.completions.create({ model: "nope", messages: [{ role: "user", content: "hi" }] }).catch((e: unknown) => e);
        expect(missing).toBeInstanceOf(OpenAI.NotFoundError);
    });

    it("keeps serving after all of that", async () => {
        const response = await postJson(`${server.url}/v1/chat/completions`, chat({ temperature: 0 }));
        expect(response.status).toBe(200);
        expect(response.body.choices[0].message.content.length).toBeGreaterThan(0);
    });
});
