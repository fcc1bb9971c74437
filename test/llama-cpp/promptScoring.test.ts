import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasPromptTokenScorer } from "../../src/models/LanguageModel.js";
import { loadLlamaCppModel } from "../../src/models/llama-cpp/loadLlamaCppModel.js";
import type { LlamaCppModel } from "../../src/models/llama-cpp/LlamaCppModel.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";

const prompt = "Question: Which organ produces insulin?\nAnswer: the pancreas, in the islets of Langerhans.";

let model: LlamaCppModel;

beforeAll(async () => {
    model = await loadLlamaCppModel({ modelPath: await syntheticModelPath("tiny"), threads: 1, sequences: 2, contextSize: 512 });
});

afterAll(async () => {
    await model?.dispose();
});

/** The text token i adds after tokens 0..i-1 (ids without BOS). */
async function piece(ids: readonly number[], index: number): Promise<{ prefix: string; piece: string }> {
    const prefix = await model.detokenize(ids.slice(0, index));
    const whole = await model.detokenize(ids.slice(0, index + 1));
    return { prefix, piece: whole.slice(prefix.length) };
}

describe("scorePromptTokens", () => {
    it("is found by the server's structural check", () => {
        expect(hasPromptTokenScorer(model)).toBe(true);
    });

    it("gives each token the log-probability scoreContinuations gives it (within 1e-4), in one engine request", async () => {
        const ids = await model.tokenize(prompt);
        const before = model.stats;
        const scores = await model.scorePromptTokens(ids, { topK: 3 });
        const after = model.stats;
        expect(after.requests - before.requests).toBe(1);
        expect(after.evaluatedTokens - before.evaluatedTokens).toBeLessThanOrEqual(ids.length); // BOS + ids, last one not evaluated
        expect(scores).toHaveLength(ids.length);
        expect(scores.map((s) => s.token)).toEqual(ids);

        let compared = 0;
        for (let i = 1; i < ids.length; i++) {
            const { prefix, piece: text } = await piece(ids, i);
            // Compare only where the text splits back into the same tokens (the fallback's assumption).
            const retokenized = await model.tokenize(prefix + text);
            if (retokenized.length !== i + 1 || retokenized.some((t, k) => t !== ids[k])) continue;
            const [direct] = await model.scoreContinuations(prefix, [text]);
            expect(Math.abs(scores[i]!.logprob! - direct!.logprob)).toBeLessThan(1e-4);
            expect(scores[i]!.isGreedy).toBe(direct!.isGreedy);
            compared++;
        }
        expect(compared).toBeGreaterThan(ids.length / 2);
        // The first given token is scored given BOS; a Prompt includes BOS itself, with null.
        const [first] = await model.scoreContinuations("", [(await piece(ids, 0)).piece]).catch(() => [undefined]);
        if (first !== undefined) expect(Math.abs(scores[0]!.logprob! - first.logprob)).toBeLessThan(1e-4);
        const fromPrompt = await model.scorePromptTokens(prompt, { topK: 3 });
        expect(fromPrompt).toHaveLength(ids.length + 1);
        expect(fromPrompt[0]!.logprob).toBeNull();
        for (let i = 1; i < fromPrompt.length; i++) expect(fromPrompt[i]!.logprob).toBeCloseTo(scores[i - 1]!.logprob!, 4);
    });

    it("returns the top alternatives, highest first, matching nextTokenDistribution", async () => {
        const ids = await model.tokenize(prompt);
        const scores = await model.scorePromptTokens(ids, { topK: 5 });
        const position = 6;
        const prefix = await model.detokenize(ids.slice(0, position));
        const distribution = await model.nextTokenDistribution(prefix, { topK: 5 });
        const top = scores[position]!.top;
        expect(top).toHaveLength(5);
        for (let k = 1; k < top.length; k++) expect(top[k - 1]!.logprob).toBeGreaterThanOrEqual(top[k]!.logprob);
        expect(top.map((t) => t.token)).toEqual(distribution.top.map((t) => t.token));
        expect(top.map((t) => t.text)).toEqual(distribution.top.map((t) => t.text));
        for (let k = 0; k < 5; k++) expect(Math.abs(top[k]!.logprob - Math.log(distribution.top[k]!.prob))).toBeLessThan(1e-4);
        const greedy = scores.filter((s, i) => i > 0 && s.isGreedy);
        for (const s of greedy) expect(s.top[0]!.token).toBe(s.token);
    });

    it("re-evaluates only the positions after the prefix shared with the previous scored prompt", async () => {
        const context = "Question: Is aspirin an antiplatelet drug?\nAnswer:";
        const first = await model.tokenize(`${context} yes, it is`);
        const second = await model.tokenize(`${context} no, it is not`);
        const firstScores = await model.scorePromptTokens(first, { topK: 1 });
        const before = model.stats;
        const secondScores = await model.scorePromptTokens(second, { topK: 1 });
        const evaluated = model.stats.evaluatedTokens - before.evaluatedTokens;
        let shared = 0;
        while (first[shared] === second[shared]) shared++;
        expect(evaluated).toBe(second.length - shared); // positions shared-1 .. length-2
        for (let i = 0; i < shared; i++) expect(secondScores[i]).toEqual(firstScores[i]);
        // The same values as a cold evaluation of the second prompt.
        const cold = await loadLlamaCppModel({ modelPath: await syntheticModelPath("tiny"), threads: 1, sequences: 1, contextSize: 512 });
        try {
            const coldScores = await cold.scorePromptTokens(second, { topK: 1 });
            for (let i = 1; i < second.length; i++) expect(Math.abs(coldScores[i]!.logprob! - secondScores[i]!.logprob!)).toBeLessThan(1e-4);
        } finally {
            await cold.dispose();
        }
    });

    it("scores prompts longer than one evaluation chunk, and checks its input", async () => {
        const long = Array.from({ length: 9 }, (_, i) => `Finding ${i}: fever and cough.`).join(" ");
        const ids = await model.tokenize(long);
        expect(ids.length).toBeGreaterThan(64); // more than one chunk of positions
        const scores = await model.scorePromptTokens(ids);
        expect(scores).toHaveLength(ids.length);
        expect(scores.every((s) => s.logprob !== null && s.logprob <= 0 && s.top.length === 0)).toBe(true);
        const { prefix, piece: text } = await piece(ids, ids.length - 1);
        const [direct] = await model.scoreContinuations(prefix, [text]);
        expect(Math.abs(scores.at(-1)!.logprob! - direct!.logprob)).toBeLessThan(1e-4);
        await expect(model.scorePromptTokens(ids, { topK: -1 })).rejects.toThrow(/topK/);
        await expect(model.scorePromptTokens([1, 99_999_999])).rejects.toThrow(/token id/);
        // An empty array is an empty Prompt: only BOS, which has nothing before it.
        expect((await model.scorePromptTokens([])).map((s) => s.logprob)).toEqual([null]);
    });
});
