import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContextOverflowError } from "../../src/models/ContextOverflowError.js";
import { UserError } from "../../src/util/errors.js";
import { loadLlamaCppModel } from "../../src/models/llama-cpp/loadLlamaCppModel.js";
import type { LlamaCppModel } from "../../src/models/llama-cpp/LlamaCppModel.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";

// Generation through the real llama.cpp engine on the synthetic tiny model (random weights, so the
// text is gibberish, but it is a deterministic function of the prompt and the seed).
let model: LlamaCppModel;
let constant: LlamaCppModel;

beforeAll(async () => {
    model = await loadLlamaCppModel({ modelPath: await syntheticModelPath("tiny"), threads: 1, contextSize: 512 });
    constant = await loadLlamaCppModel({ modelPath: await syntheticModelPath("tiny", { constantAnswer: " Paris" }), threads: 1, contextSize: 512 });
});

afterAll(async () => {
    await model?.dispose();
    await constant?.dispose();
});

describe("generate", () => {
    it("is deterministic when greedy and streams the same text it returns", async () => {
        const pieces: string[] = [];
        const first = await model.generate("The patient presents with", { maxTokens: 24, onText: (piece) => pieces.push(piece) });
        const second = await model.generate("The patient presents with", { maxTokens: 24 });
        expect(first.text.length).toBeGreaterThan(0);
        expect(second.text).toBe(first.text);
        expect(pieces.join("")).toBe(first.text);
        expect(pieces.length).toBeGreaterThan(1);
        expect(first.usage).toEqual({ promptTokens: (await model.tokenize("The patient presents with")).length + 1, completionTokens: 24 });
        expect(first.finishReason).toBe("length");
    });

    it("repeats a sampled generation for the same seed and changes it for another", async () => {
        const options = { maxTokens: 20, temperature: 1.0 };
        const a = await model.generate("Fever and cough", { ...options, seed: 42 });
        const b = await model.generate("Fever and cough", { ...options, seed: 42 });
        const c = await model.generate("Fever and cough", { ...options, seed: 43 });
        expect(b.text).toBe(a.text);
        expect(c.text).not.toBe(a.text);
    });

    it("stops before a stop string and never streams any part of it", async () => {
        const full = await model.generate("Diagnosis:", { maxTokens: 40 });
        // A stop string taken from the middle of the unconstrained output.
        const stop = full.text.slice(Math.floor(full.text.length / 2), Math.floor(full.text.length / 2) + 4);
        expect(stop.length).toBe(4);
        const pieces: string[] = [];
        const stopped = await model.generate("Diagnosis:", { maxTokens: 40, stop: [stop], onText: (piece) => pieces.push(piece) });
        expect(stopped.finishReason).toBe("stop");
        expect(stopped.text).toBe(full.text.slice(0, full.text.indexOf(stop)));
        expect(pieces.join("")).toBe(stopped.text);
        expect(stopped.usage.completionTokens).toBeLessThan(40);
    });

    it("cuts at a stop string inside the constant answer", async () => {
        const result = await constant.generate("Capital of France?", { maxTokens: 10, stop: ["s P"] });
        expect(result.text).toBe(" Pari");
        expect(result.finishReason).toBe("stop");
    });

    it("honours maxTokens", async () => {
        const result = await constant.generate("Capital of France?", { maxTokens: 3 });
        expect(result.text).toBe(" Paris Paris Paris");
        expect(result).toMatchObject({ finishReason: "length", usage: { completionTokens: 3 } });
        expect(await constant.generate("x", { maxTokens: 0 })).toMatchObject({ text: "", finishReason: "length" });
    });

    it("stops mid-generation when the signal aborts and keeps what was produced", async () => {
        const controller = new AbortController();
        let pieces = 0;
        const result = await constant.generate("Capital of France?", {
            maxTokens: 200,
            signal: controller.signal,
            onText: () => {
                pieces += 1;
                if (pieces === 3) controller.abort();
            }
        });
        expect(result.finishReason).toBe("abort");
        expect(result.text).toBe(" Paris Paris Paris");
        expect(result.usage.completionTokens).toBeLessThan(10);
    });

    it("returns per-token log-probabilities with alternatives when asked", async () => {
        const result = await model.generate("Chest pain", { maxTokens: 5, logprobs: 3 });
        expect(result.tokens).toHaveLength(5);
        for (const token of result.tokens ?? []) {
            expect(token.logprob).toBeLessThanOrEqual(0);
            expect(token.top).toHaveLength(3);
            // Greedy: the chosen token is the most likely one.
            expect(token.top[0]?.logprob).toBeCloseTo(token.logprob, 10);
        }
        expect(result.tokens?.map((token) => token.text).join("")).toBe(result.text);
        const constantResult = await constant.generate("Capital?", { maxTokens: 2, logprobs: 0 });
        expect(constantResult.tokens?.[0]?.text).toBe(" Paris");
        expect(Math.exp(constantResult.tokens?.[0]?.logprob ?? -Infinity)).toBeGreaterThan(0.99);
    });

    it("rejects invalid options and prompts longer than the context with UserErrors", async () => {
        await expect(model.generate("x", { temperature: -1 })).rejects.toThrow(/invalid generation option temperature; expected a number >= 0/);
        await expect(model.generate("x", { topP: 0 })).rejects.toThrow(/topP/);
        await expect(model.generate("word ".repeat(600))).rejects.toThrow(/prompt is longer than the model context/);
    });

    it("throws a ContextOverflowError, with the prompt and context sizes, for a prompt longer than the context", async () => {
        const error = await model.generate("word ".repeat(600)).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(ContextOverflowError);
        expect(error).toBeInstanceOf(UserError);
        const overflow = error as ContextOverflowError;
        expect(overflow.contextSize).toBe(model.info.contextSize);
        expect(overflow.promptTokens).toBeGreaterThan(overflow.contextSize!);
    });
});
