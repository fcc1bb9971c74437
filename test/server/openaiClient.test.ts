import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanguageModel } from "../../src/models/LanguageModel.js";
import type { RunningServer } from "../../src/server/startServer.js";
import { loadTinyModel, postJson, startTestServer } from "./serverFixture.js";

let model: LanguageModel;
let server: RunningServer;
let client: OpenAI;
let modelId: string;

beforeAll(async () => {
    model = await loadTinyModel(2);
    server = await startTestServer(model);
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "unused", maxRetries: 0 });
    modelId = model.info.name;
});

afterAll(async () => {
    await server?.close();
    await model?.dispose();
});

describe("OpenAI-compatible API through the official openai client", () => {
    it("lists the served model", async () => {
        const models = await client.models.list();
        expect(models.data.map((m) => m.id)).toEqual([modelId]);
    });

    it("answers a chat completion with usage counts", async () => {
        const completion = await client.chat.completions.create({ model: modelId, messages: [{ role: "user", content: "What is asthma?" }], max_tokens: 8, temperature: 0 });
        expect(completion.object).toBe("chat.completion");
        expect(completion.choices).toHaveLength(1);
        expect(completion.choices[0]!.message.role).toBe("assistant");
        expect(completion.choices[0]!.message.content!.length).toBeGreaterThan(0);
        expect(completion.choices[0]!.finish_reason).toBe("length");
        expect(completion.usage!.completion_tokens).toBe(8);
        expect(completion.usage!.prompt_tokens).toBeGreaterThan(100); // the one-shot format's system text + exemplar
        expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + 8);
    });

    it("streams the same text as the non-streamed greedy answer", async () => {
        const request = { model: modelId, messages: [{ role: "user" as const, content: "Is fever dangerous?" }], max_tokens: 12, temperature: 0 };
        const whole = await client.chat.completions.create(request);
        const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
        let text = "";
        let chunks = 0;
        let finish: string | null = null;
        let usage: OpenAI.CompletionUsage | undefined;
        for await (const chunk of stream) {
            chunks++;
            text += chunk.choices[0]?.delta.content ?? "";
            finish = chunk.choices[0]?.finish_reason ?? finish;
            if (chunk.usage) usage = chunk.usage;
        }
        expect(chunks).toBeGreaterThan(3);
        expect(text).toBe(whole.choices[0]!.message.content);
        expect(finish).toBe("length");
        expect(usage?.completion_tokens).toBe(12);
    });

    it("stops before a stop string and reports finish_reason stop", async () => {
        const request = { model: modelId, messages: [{ role: "user" as const, content: "Describe a cough." }], max_tokens: 24, temperature: 0 };
        const free = (await client.chat.completions.create(request)).choices[0]!.message.content!;
        // A stop string taken from the middle of the free answer must cut it right there.
        const stop = free.slice(Math.floor(free.length / 2), Math.floor(free.length / 2) + 3);
        const cut = await client.chat.completions.create({ ...request, stop: [stop] });
        const expected = free.slice(0, free.indexOf(stop));
        expect(cut.choices[0]!.message.content).toBe(expected);
        expect(cut.choices[0]!.finish_reason).toBe("stop");
        const streamed = await client.chat.completions.create({ ...request, stop, stream: true });
        let text = "";
        for await (const chunk of streamed) text += chunk.choices[0]?.delta.content ?? "";
        expect(text).toBe(expected);
    });

    it("returns token logprobs with top alternatives", async () => {
        const completion = await client.chat.completions.create({ model: modelId, messages: [{ role: "user", content: "Hi" }], max_tokens: 5, temperature: 0, logprobs: true, top_logprobs: 3 });
        const content = completion.choices[0]!.logprobs!.content!;
        expect(content).toHaveLength(5);
        expect(content.map((t) => t.token).join("")).toBe(completion.choices[0]!.message.content);
        for (const token of content) {
            expect(token.logprob).toBeLessThanOrEqual(0);
            expect(token.top_logprobs).toHaveLength(3);
            // Greedy: the chosen token is the most likely one.
            expect(token.top_logprobs[0]!.logprob).toBeCloseTo(token.logprob, 6);
        }
    });

    it("gives n choices, reproducible with a seed", async () => {
        const request = { model: modelId, messages: [{ role: "user" as const, content: "Name a vitamin." }], max_tokens: 6, temperature: 1, seed: 42, n: 2 };
        const first = await client.chat.completions.create(request);
        const second = await client.chat.completions.create(request);
        expect(first.choices.map((c) => c.index)).toEqual([0, 1]);
        expect(second.choices.map((c) => c.message.content)).toEqual(first.choices.map((c) => c.message.content));
    });

    it("constrains output with response_format json_schema", async () => {
        const schema = { type: "object", properties: { answer: { type: "string", enum: ["yes", "no"] } }, required: ["answer"], additionalProperties: false };
        const completion = await client.chat.completions.create({
            model: modelId,
            messages: [{ role: "user", content: "Is water wet?" }],
            max_tokens: 40,
            temperature: 0,
            response_format: { type: "json_schema", json_schema: { name: "yn", schema } }
        });
        const parsed = JSON.parse(completion.choices[0]!.message.content!) as { answer: string };
        expect(["yes", "no"]).toContain(parsed.answer);
    });

    it("completes raw prompts, echoing the prompt with per-token prompt logprobs (lm-eval loglikelihood)", async () => {
        const context = "Question: Which organ pumps blood?\nAnswer:";
        const continuation = " the heart";
        const completion = await client.completions.create({ model: modelId, prompt: context + continuation, max_tokens: 0, echo: true, logprobs: 1, temperature: 0 });
        const choice = completion.choices[0]!;
        expect(choice.text).toBe(context + continuation);
        const logprobs = choice.logprobs!;
        expect(logprobs.tokens!.join("")).toBe(context + continuation);
        expect(logprobs.token_logprobs![0]).toBeNull();
        expect(logprobs.token_logprobs!.slice(1).every((lp) => typeof lp === "number" && lp <= 0)).toBe(true);
        expect(logprobs.text_offset![1]).toBe(logprobs.tokens![0]!.length);
        // The continuation's summed token logprobs equal the library's scoreContinuations.
        const contextTokens = (await model.tokenize(context)).length;
        const summed = (logprobs.token_logprobs!.slice(contextTokens) as number[]).reduce((a, b) => a + b, 0);
        const [direct] = await model.scoreContinuations(context, [continuation]);
        expect(summed).toBeCloseTo(direct!.logprob, 3);
    });

    it("answers lm-evaluation-harness' local-completions loglikelihood batch as it parses it", async () => {
        // lm-eval sends context+continuation for each choice with max_tokens 1, echo and logprobs 1,
        // then sums token_logprobs[ctxlen:-1] and checks greediness against max(top_logprobs).
        const context = "Question: Is aspirin an antiplatelet drug?\nAnswer:";
        const choices = [" yes", " no"];
        const response = await postJson(`${server.url}/v1/completions`, { model: modelId, prompt: choices.map((c) => context + c), max_tokens: 1, temperature: 0, logprobs: 1, echo: true, seed: 1234 });
        expect(response.status).toBe(200);
        const contextLength = (await model.tokenize(context)).length;
        const sorted = [...response.body.choices].sort((a: { index: number }, b: { index: number }) => a.index - b.index);
        for (const [i, choice] of sorted.entries()) {
            const logprobs = choice.logprobs as { tokens: string[]; token_logprobs: number[]; top_logprobs: Record<string, number>[] };
            const promptTokens = (await model.tokenize(context + choices[i])).length;
            expect(logprobs.tokens).toHaveLength(promptTokens + 1);
            const continuation = logprobs.token_logprobs.slice(contextLength, -1);
            const [direct] = await model.scoreContinuations(context, [choices[i]!]);
            expect(continuation.reduce((a, b) => a + b, 0)).toBeCloseTo(direct!.logprob, 3);
            const greedy = continuation.every((lp, k) => lp >= Math.max(...Object.values(logprobs.top_logprobs[contextLength + k]!)) - 1e-9);
            expect(greedy).toBe(direct!.isGreedy);
        }
    });

    it("accepts token-id prompts and several prompts at once", async () => {
        const ids = await model.tokenize("The patient reports");
        const completion = await client.completions.create({ model: modelId, prompt: [ids, "Another prompt"] as unknown as string[], max_tokens: 3, temperature: 0 });
        expect(completion.choices.map((c) => c.index)).toEqual([0, 1]);
        expect(completion.choices.every((c) => c.finish_reason === "length")).toBe(true);
        expect(completion.usage!.completion_tokens).toBe(6);
    });

    it("streams raw completions", async () => {
        const stream = await client.completions.create({ model: modelId, prompt: "Fever is", max_tokens: 6, temperature: 0, stream: true });
        let text = "";
        for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";
        const whole = await client.completions.create({ model: modelId, prompt: "Fever is", max_tokens: 6, temperature: 0 });
        expect(text).toBe(whole.choices[0]!.text);
    });

    it("tokenizes and detokenizes in vLLM's shape", async () => {
        const tokenized = await postJson(`${server.url}/tokenize`, { prompt: "chest pain", add_special_tokens: false });
        expect(tokenized.status).toBe(200);
        expect(tokenized.body.tokens).toEqual(await model.tokenize("chest pain"));
        expect(tokenized.body.count).toBe(tokenized.body.tokens.length);
        expect(tokenized.body.max_model_len).toBe(2048);
        const withBos = await postJson(`${server.url}/tokenize`, { prompt: "chest pain" });
        expect(withBos.body.count).toBe(tokenized.body.count + 1);
        const detokenized = await postJson(`${server.url}/detokenize`, { tokens: tokenized.body.tokens });
        expect(detokenized.body.prompt.trim()).toBe("chest pain");
    });

    it("reports health and Prometheus metrics", async () => {
        const health = await (await fetch(`${server.url}/health`)).json();
        expect(health).toMatchObject({ status: "ok", model: modelId, sequences: 2 });
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        expect(metrics).toMatch(/meditron_requests_total\{endpoint="\/v1\/chat\/completions",status="200"\} \d+/);
        expect(metrics).toMatch(/meditron_completion_tokens_total [1-9]\d*/);
        expect(metrics).toContain("meditron_queue_depth 0");
        expect(metrics).toMatch(/meditron_request_duration_seconds_bucket\{endpoint="\/v1\/chat\/completions",le="\+Inf"\} \d+/);
        expect(metrics).toMatch(/meditron_time_to_first_token_seconds_count\{endpoint="\/v1\/chat\/completions"\} \d+/);
    });
});
