import { afterEach, describe, expect, it } from "vitest";
import { connectOpenAICompatibleModel, createOpenAICompatibleModel } from "../../src/models/openai-compatible/createOpenAICompatibleModel.js";
import { RemoteApiError } from "../../src/models/openai-compatible/RemoteApiError.js";
import { ContextOverflowError } from "../../src/models/ContextOverflowError.js";
import { UnsupportedCapabilityError } from "../../src/models/LanguageModel.js";
import { special, text } from "../../src/models/Prompt.js";
import { UserError } from "../../src/util/errors.js";
import { defaultNextToken, startOpenAIStubServer, stubTokenize, type OpenAIStubServer, type OpenAIStubServerOptions } from "../helpers/openaiStubServer.js";

let server: OpenAIStubServer | undefined;

afterEach(async () => {
    await server?.close();
    server = undefined;
});

async function stub(options: OpenAIStubServerOptions = {}): Promise<OpenAIStubServer> {
    server = await startOpenAIStubServer(options);
    return server;
}

/** What the stub generates greedily: argmax of defaultNextToken, token by token. */
function greedy(prompt: string, tokens: number): string {
    let out = "";
    for (let index = 0; index < tokens; index++) {
        const best = Object.entries(defaultNextToken(prompt + out)).sort((a, b) => b[1] - a[1])[0]!;
        out += best[0];
    }
    return out;
}

const fastRetries = { retryBaseDelayMs: 5, maxRetryDelayMs: 20 };

describe("generate", () => {
    it("completes a raw prompt without streaming", async () => {
        const s = await stub();
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model" });
        const result = await model.generate("Question: chest pain?\nAnswer:", { maxTokens: 5 });
        expect(result.text).toBe(greedy("Question: chest pain?\nAnswer:", 5));
        expect(result.finishReason).toBe("length");
        expect(result.usage).toEqual({ promptTokens: stubTokenize("Question: chest pain?\nAnswer:").length, completionTokens: 5 });
        const sent = s.requests.at(-1)!;
        expect(sent.path).toBe("/v1/completions");
        expect(sent.body).toMatchObject({ model: "stub-model", prompt: "Question: chest pain?\nAnswer:", max_tokens: 5, temperature: 0 });
    });

    it("streams text pieces over SSE and returns the same text", async () => {
        const s = await stub();
        const model = createOpenAICompatibleModel({ baseURL: s.url, model: "stub-model" });
        const pieces: string[] = [];
        const result = await model.generate("The patient", { maxTokens: 8, onText: (piece) => pieces.push(piece) });
        expect(pieces.length).toBeGreaterThan(1);
        expect(pieces.join("")).toBe(result.text);
        expect(result.text).toBe(greedy("The patient", 8));
        expect(result.usage.completionTokens).toBe(8);
        expect(s.requests.at(-1)!.body).toMatchObject({ stream: true });
    });

    it("sends special prompt parts as their literal strings", async () => {
        const s = await stub();
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model" });
        await model.generate([special("<|im_start|>"), text("user\nHi"), special("<|im_end|>")], { maxTokens: 1 });
        expect(s.requests.at(-1)!.body?.prompt).toBe("<|im_start|>user\nHi<|im_end|>");
    });

    it("stops at stop strings, streaming or not, including a fifth one the server never sees", async () => {
        const s = await stub({ respond: () => ({ text: "Answer: yes because of pain\n\nQuestion: next one" }) });
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model" });
        const plain = await model.generate("Q", { stop: ["\n\n"], maxTokens: 50 });
        expect(plain).toMatchObject({ text: "Answer: yes because of pain", finishReason: "stop" });
        const pieces: string[] = [];
        const streamed = await model.generate("Q", { stop: ["s1", "s2", "s3", "s4", " because"], maxTokens: 50, onText: (piece) => pieces.push(piece) });
        expect(streamed).toMatchObject({ text: "Answer: yes", finishReason: "stop" });
        expect(pieces.join("")).toBe("Answer: yes");
        expect(s.requests.at(-1)!.body?.stop).toEqual(["s1", "s2", "s3", "s4"]);
    });

    it("returns per-token logprobs with alternatives (completions and chat)", async () => {
        const s = await stub();
        for (const api of ["completions", "chat"] as const) {
            const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model", api });
            for (const onText of [undefined, () => {}]) {
                const result = await model.generate("The patient", { maxTokens: 3, logprobs: 3, onText });
                expect(result.tokens).toHaveLength(3);
                const first = result.tokens![0]!;
                const expected = defaultNextToken(api === "chat" ? "The patient" : "The patient");
                expect(first.logprob).toBeCloseTo(expected[first.text]!, 10);
                expect(first.top).toHaveLength(3);
                expect(first.top[0]!.logprob).toBeGreaterThanOrEqual(first.top[1]!.logprob);
                expect(result.tokens!.map((token) => token.text).join("")).toBe(result.text);
            }
        }
        expect(s.requests.at(-1)!.path).toBe("/v1/chat/completions");
        expect(s.requests.at(-1)!.body).toMatchObject({ logprobs: true, top_logprobs: 3 });
    });

    it("stops when the caller aborts mid-stream and keeps what arrived", async () => {
        const s = await stub({ respond: () => ({ text: Array.from({ length: 200 }, (_, index) => ` w${index}`).join("") }) });
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model" });
        const controller = new AbortController();
        let received = "";
        const result = await model.generate("Q", {
            maxTokens: 500,
            signal: controller.signal,
            onText: (piece) => {
                received += piece;
                if (received.length > 10) controller.abort();
            }
        });
        expect(result.finishReason).toBe("abort");
        expect(result.text.length).toBeGreaterThan(10);
        expect(result.text.length).toBeLessThan(200 * 4);
        expect(received.startsWith(result.text.slice(0, received.length))).toBe(true);
    });
});

describe("nextTokenDistribution", () => {
    it("reads the top list from max_tokens 1 + logprobs; candidates outside it are null", async () => {
        const s = await stub();
        const prompt = "Question: which drug?\nA. x\nB. y\nAnswer:";
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model", maxTopLogprobs: 20 });
        expect(model.capabilities.nextTokenDistribution).toBe("top");
        const distribution = await model.nextTokenDistribution(prompt, { candidates: [" A", " B", " Zebra"], topK: 4 });
        const expected = defaultNextToken(prompt);
        expect(distribution.top).toHaveLength(4);
        expect(distribution.top[0]!.prob).toBeGreaterThanOrEqual(distribution.top[1]!.prob);
        expect(distribution.top[0]!.prob).toBeCloseTo(Math.exp(Math.max(...Object.values(expected))), 10);
        expect(distribution.candidates[0]).toBeCloseTo(Math.exp(expected[" A"]!), 10);
        expect(distribution.candidates[1]).toBeCloseTo(Math.exp(expected[" B"]!), 10);
        expect(distribution.candidates[2]).toBeNull();
        expect(distribution.promptTokens).toBe(stubTokenize(prompt).length);
        expect(s.requests.at(-1)!.body).toMatchObject({ max_tokens: 1, logprobs: 20 });
    });

    it("works over the chat API with top_logprobs", async () => {
        const s = await stub();
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model", api: "chat" });
        const distribution = await model.nextTokenDistribution("Hello", { topK: 2 });
        expect(distribution.top).toHaveLength(2);
        expect(s.requests.at(-1)!.body).toMatchObject({ logprobs: true, top_logprobs: 2, max_tokens: 1 });
    });
});

describe("scoreContinuations", () => {
    const context = "Question: Is aspirin an NSAID?\nAnswer:";

    it("sums the continuation's prompt logprobs from echo and detects greedy continuations", async () => {
        const s = await stub();
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model", echo: true });
        expect(model.capabilities.scoreContinuations).toBe(true);
        const distribution = defaultNextToken(context);
        const best = Object.entries(distribution).sort((a, b) => b[1] - a[1])[0]![0];
        const other = Object.entries(distribution).sort((a, b) => a[1] - b[1])[0]![0];
        const [greedyScore, otherScore, twoTokens] = await model.scoreContinuations(context, [best, other, " the patient"]);
        expect(greedyScore).toEqual({ logprob: distribution[best], isGreedy: true, tokenCount: 1 });
        expect(otherScore!.logprob).toBeCloseTo(distribution[other]!, 10);
        expect(otherScore!.isGreedy).toBe(false);
        const expectedTwo = (defaultNextToken(context)[" the"] ?? -12) + (defaultNextToken(context + " the")[" patient"] ?? -12);
        expect(twoTokens!.logprob).toBeCloseTo(expectedTwo, 10);
        expect(twoTokens!.tokenCount).toBe(2);
        expect(s.requests.at(-1)!.body).toMatchObject({ echo: true, max_tokens: 0, logprobs: 1 });
    });

    it("refuses with a hint when the server has no echo support", async () => {
        const s = await stub({ echo: false });
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model" });
        await expect(model.scoreContinuations(context, [" yes"])).rejects.toThrow(UnsupportedCapabilityError);
        await expect(model.scoreContinuations(context, [" yes"])).rejects.toThrow(/echo/);
    });
});

describe("connectOpenAICompatibleModel", () => {
    it("probes echo and /tokenize", async () => {
        const s = await stub();
        const model = await connectOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model" });
        expect(model.capabilities).toMatchObject({ scoreContinuations: true, tokenize: true });
        const tokens = await model.tokenize("The patient is stable");
        expect(tokens).toHaveLength(4);
        expect(await model.detokenize(tokens)).toBe("The patient is stable");
    });

    it("detects a llama-server-like host without echo or /tokenize", async () => {
        const s = await stub({ echo: false, tokenize: false });
        const model = await connectOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model" });
        expect(model.capabilities).toMatchObject({ scoreContinuations: false, tokenize: false });
        await expect(model.tokenize("x")).rejects.toThrow(UnsupportedCapabilityError);
    });

    it("names the served models when the model id is wrong", async () => {
        const s = await stub({ models: ["meditron-7b", "meditron-70b"] });
        const error = await connectOpenAICompatibleModel({ baseURL: s.baseURL, model: "meditron-13b" }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(UserError);
        expect((error as Error).message).toMatch(/model "meditron-13b" not found.*meditron-7b, meditron-70b/);
    });

    it("stops at an unauthorized server instead of probing on", async () => {
        const s = await stub({ apiKey: "sk-1" });
        await expect(connectOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model", apiKey: "sk-2" })).rejects.toThrow(/HTTP 401.*a key the server rejected/);
        expect(s.requests).toHaveLength(1);
    });

    it("fails fast with a clear message when nothing listens", async () => {
        const s = await stub();
        const url = s.baseURL;
        await s.close();
        server = undefined;
        await expect(connectOpenAICompatibleModel({ baseURL: url, model: "stub-model" })).rejects.toThrow(/could not reach .*check that the server is running/);
    });
});

describe("errors, retries, timeouts", () => {
    it("retries a 429, waiting as long as Retry-After says, then succeeds", async () => {
        const s = await stub();
        s.failNext(1, { status: 429, retryAfter: "1" });
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model", ...fastRetries });
        const started = Date.now();
        const result = await model.generate("Hi", { maxTokens: 2 });
        expect(Date.now() - started).toBeGreaterThanOrEqual(950);
        expect(result.text).toBe(greedy("Hi", 2));
        expect(s.requests.filter((request) => request.path === "/v1/completions")).toHaveLength(2);
    });

    it("retries 500s and cut connections with backoff", async () => {
        const s = await stub();
        s.failNext(1, { status: 500 });
        s.failNext(1, { cut: true });
        s.failNext(1, { status: 503 });
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model", maxRetries: 3, ...fastRetries });
        const result = await model.nextTokenDistribution("Hi");
        expect(result.top.length).toBeGreaterThan(0);
        expect(s.requests).toHaveLength(4);
    });

    it("gives up after maxRetries with the last status", async () => {
        const s = await stub();
        s.failNext(10, { status: 503 });
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model", maxRetries: 2, ...fastRetries });
        const error = await model.generate("Hi").catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(RemoteApiError);
        expect((error as RemoteApiError).status).toBe(503);
        expect((error as Error).message).toMatch(/HTTP 503.*after 3 attempts/);
        expect(s.requests).toHaveLength(3);
    });

    it("does not retry a 400", async () => {
        const s = await stub();
        s.failNext(1, { status: 400, body: JSON.stringify({ error: { message: "max_tokens is too large" } }) });
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model", ...fastRetries });
        await expect(model.generate("Hi")).rejects.toThrow(/HTTP 400: max_tokens is too large/);
        expect(s.requests).toHaveLength(1);
    });

    it("throws a ContextOverflowError when the server answers a context-length 400", async () => {
        const s = await stub();
        const message = "This model's maximum context length is 2048 tokens. However, you requested 2330 tokens (2074 in the messages, 256 in the completion).";
        s.failNext(1, { status: 400, body: JSON.stringify({ error: { message } }) });
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model", ...fastRetries });
        const error = await model.generate("Hi").catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(ContextOverflowError);
        expect(error).toMatchObject({ contextSize: 2048, promptTokens: 2330 });
        expect((error as Error).message).toMatch(/HTTP 400: This model's maximum context length is 2048 tokens/);
        expect((error as Error).cause).toBeInstanceOf(RemoteApiError);
        expect(s.requests).toHaveLength(1);
    });

    it("times out a request that gets no answer", async () => {
        const s = await stub();
        s.delayMs = 1000;
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model", timeoutMs: 100, maxRetries: 0 });
        const started = Date.now();
        await expect(model.generate("Hi")).rejects.toThrow(/no response from .* within 100 ms/);
        expect(Date.now() - started).toBeLessThan(900);
    });

    it("aborts a pending request and a backoff wait at once", async () => {
        const s = await stub();
        s.delayMs = 2000;
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model" });
        const started = Date.now();
        await expect(model.nextTokenDistribution("Hi", { signal: AbortSignal.timeout(100) })).rejects.toThrow(/abort|timeout/i);
        s.delayMs = 0;
        s.failNext(1, { status: 429, retryAfter: "30" });
        await expect(model.nextTokenDistribution("Hi", { signal: AbortSignal.timeout(200) })).rejects.toThrow(/abort|timeout/i);
        expect(Date.now() - started).toBeLessThan(1500);
    });

    it("explains a 401 and says how to pass the key", async () => {
        const s = await stub({ apiKey: "sk-right" });
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model" });
        const error = await model.generate("Hi").catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(UserError);
        expect((error as RemoteApiError).status).toBe(401);
        expect((error as Error).message).toMatch(/HTTP 401.*no API key was sent.*MEDITRON_API_KEY/);
        const withKey = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model", apiKey: "sk-right" });
        await expect(withKey.generate("Hi", { maxTokens: 1 })).resolves.toMatchObject({ usage: { completionTokens: 1 } });
        expect(s.requests.at(-1)!.headers.authorization).toBe("Bearer sk-right");
    });

    it("turns a 404 for an unknown model into a list of served models", async () => {
        const s = await stub({ models: ["meditron-7b"] });
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "gpt-4" });
        await expect(model.generate("Hi")).rejects.toThrow(/model "gpt-4" not found.*one of the served models: meditron-7b/);
    });

    it("reports a connection cut mid-stream", async () => {
        const s = await stub({ respond: () => ({ text: " a b c d e f g h" }) });
        s.failNext(1, { cutStreamAfterEvents: 3 });
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model" });
        await expect(model.generate("Q", { onText: () => {} })).rejects.toThrow(/broke while streaming/);
    });

    it("limits requests in flight to `concurrency`", async () => {
        const s = await stub();
        s.delayMs = 100;
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model", concurrency: 2 });
        expect(model.capabilities.parallelism).toBe(2);
        const started = Date.now();
        await Promise.all(Array.from({ length: 6 }, () => model.generate("Hi", { maxTokens: 1 })));
        expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it("rejects calls after dispose", async () => {
        const s = await stub();
        const model = createOpenAICompatibleModel({ baseURL: s.baseURL, model: "stub-model" });
        await model.dispose();
        await expect(model.generate("Hi")).rejects.toThrow(/disposed/);
    });

    it("validates its options", () => {
        expect(() => createOpenAICompatibleModel({ baseURL: "ftp://x", model: "m" })).toThrow(/http:\/\/ or https:\/\//);
        expect(() => createOpenAICompatibleModel({ baseURL: "http://x", model: "" })).toThrow(UserError);
        expect(() => createOpenAICompatibleModel({ baseURL: "http://x", model: "m", concurrency: 0 })).toThrow(/concurrency/);
    });
});
