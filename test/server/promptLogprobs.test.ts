import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanguageModel } from "../../src/models/LanguageModel.js";
import type { LlamaCppModel } from "../../src/models/llama-cpp/LlamaCppModel.js";
import type { RunningServer } from "../../src/server/startServer.js";
import { loadTinyModel, postJson, startTestServer } from "./serverFixture.js";

let model: LlamaCppModel;
let oneToken: LanguageModel;
let fast: RunningServer;
let slow: RunningServer;

/** The same engine seen only through the LanguageModel contract: no one-pass prompt scorer, so the server falls back. */
function withoutPromptScorer(inner: LanguageModel): LanguageModel {
    return {
        info: inner.info,
        capabilities: inner.capabilities,
        generate: (prompt, options) => inner.generate(prompt, options),
        nextTokenDistribution: (prompt, options) => inner.nextTokenDistribution(prompt, options),
        scoreContinuations: (prompt, continuations, options) => inner.scoreContinuations(prompt, continuations, options),
        tokenize: (text, options) => inner.tokenize(text, options),
        detokenize: (tokens) => inner.detokenize(tokens),
        dispose: async () => undefined
    };
}

beforeAll(async () => {
    model = (await loadTinyModel(2)) as LlamaCppModel;
    oneToken = withoutPromptScorer(model);
    fast = await startTestServer(model);
    slow = await startTestServer(oneToken);
});

afterAll(async () => {
    await fast?.close();
    await slow?.close();
    await model?.dispose();
});

type Legacy = { tokens: string[]; token_logprobs: (number | null)[]; top_logprobs: (Record<string, number> | null)[]; text_offset: number[] };

async function echo(server: RunningServer, prompt: string | string[]): Promise<{ choices: { logprobs: Legacy; text: string }[]; requests: number; evaluated: number }> {
    const before = model.stats;
    const response = await postJson(`${server.url}/v1/completions`, { prompt, max_tokens: 0, echo: true, logprobs: 2, temperature: 0 });
    expect(response.status).toBe(200);
    const after = model.stats;
    return { choices: response.body.choices, requests: after.requests - before.requests, evaluated: after.evaluatedTokens - before.evaluatedTokens };
}

describe("/v1/completions echo + logprobs with the llama.cpp one-pass prompt scorer", () => {
    it("gives the numbers of the one-call-per-token fallback with far fewer engine evaluations", async () => {
        const prompt = "Question: Which organ pumps blood?\nAnswer: the heart";
        const scored = await echo(fast, prompt);
        const fallback = await echo(slow, prompt);
        const a = scored.choices[0]!.logprobs;
        const b = fallback.choices[0]!.logprobs;
        expect(scored.choices[0]!.text).toBe(prompt);
        expect(a.tokens).toEqual(b.tokens);
        expect(a.text_offset).toEqual(b.text_offset);
        expect(a.token_logprobs[0]).toBeNull();
        expect(b.token_logprobs[0]).toBeNull();
        for (let i = 1; i < a.token_logprobs.length; i++) {
            expect(Math.abs(a.token_logprobs[i]! - b.token_logprobs[i]!)).toBeLessThan(1e-4);
            const topA = a.top_logprobs[i]!;
            const topB = b.top_logprobs[i]!;
            expect(Object.keys(topA).sort()).toEqual(Object.keys(topB).sort());
            for (const key of Object.keys(topA)) expect(Math.abs(topA[key]! - topB[key]!)).toBeLessThan(1e-4);
        }
        // One engine request for the whole prompt, against two per token (score + top alternatives).
        expect(scored.requests).toBe(1);
        expect(fallback.requests).toBeGreaterThanOrEqual(2 * (a.tokens.length - 1));
        expect(scored.evaluated).toBeLessThanOrEqual(a.tokens.length);
    });

    it("scores an lm-eval batch (one context, several continuations) reusing the context's scores", async () => {
        const context = "Question: Is aspirin an antiplatelet drug?\nAnswer:";
        const prompts = [`${context} yes`, `${context} no`, `${context} maybe`];
        const scored = await echo(fast, prompts);
        const fallback = await echo(slow, prompts);
        expect(scored.requests).toBeLessThanOrEqual(prompts.length);
        const contextTokens = (await model.tokenize(context)).length;
        // Only the first prompt evaluates the context; the others start at its last token.
        expect(scored.evaluated).toBeLessThan(contextTokens + 2 * prompts.length + 3);
        for (const [index, choice] of scored.choices.entries()) {
            const expected = fallback.choices[index]!.logprobs.token_logprobs;
            choice.logprobs.token_logprobs.forEach((lp, i) => (i === 0 ? expect(lp).toBeNull() : expect(Math.abs(lp! - expected[i]!)).toBeLessThan(1e-4)));
        }
    });

    it("takes token-id prompts (lm-eval's tokenized requests) and gives the same numbers", async () => {
        const text = "Fever and a stiff neck suggest meningitis";
        const ids = await model.tokenize(text);
        const byIds = await postJson(`${fast.url}/v1/completions`, { prompt: ids, max_tokens: 0, echo: true, logprobs: 0 });
        const byText = await echo(slow, text);
        expect(byIds.status).toBe(200);
        const a = byIds.body.choices[0].logprobs as Legacy;
        expect(a.tokens).toEqual(byText.choices[0]!.logprobs.tokens);
        for (let i = 1; i < ids.length; i++) expect(Math.abs(a.token_logprobs[i]! - byText.choices[0]!.logprobs.token_logprobs[i]!)).toBeLessThan(1e-4);
    });
});
