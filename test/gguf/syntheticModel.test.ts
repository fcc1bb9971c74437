import type { Token } from "node-llama-cpp";
import { describe, expect, it, beforeAll, afterAll } from "vitest";
import { getLlama, LlamaLogLevel, type Llama, type LlamaModel } from "node-llama-cpp";
import { syntheticModelPath } from "../helpers/syntheticModel.js";

describe("synthetic tiny model through node-llama-cpp", () => {
    let llama: Llama;
    let model: LlamaModel;

    beforeAll(async () => {
        llama = await getLlama({ gpu: false, maxThreads: 1, build: "never", logLevel: LlamaLogLevel.error });
        model = await llama.loadModel({ modelPath: await syntheticModelPath("tiny") });
    });
    afterAll(async () => {
        await model?.dispose();
    });

    it("loads with MediTron's 32017-token vocabulary and Llama's special tokens", () => {
        expect(model.fileInfo.metadata.general.architecture).toBe("llama");
        expect(model.tokens.bos).toBe(1);
        expect(model.tokens.eos).toBe(2);
        expect(model.fileInsights.trainContextSize).toBe(2048);
        expect(model.vocabularyType).toBe("spm");
        expect(model.detokenize([32016 as unknown as Token], true)).toBe("[/formula]");
    });

    it("tokenizes MediTron's added markup only when special-token parsing is on", () => {
        expect(model.tokenize("[bib_ref]", true)).toEqual([32005]);
        expect(model.tokenize("[bib_ref]", false)).not.toContain(32005);
        expect(model.tokenize("<EOD>", true)).toEqual([32002]);
    });

    it("returns the same path for the same options (cached per process)", async () => {
        expect(await syntheticModelPath("tiny")).toBe(await syntheticModelPath("tiny"));
        expect(await syntheticModelPath("tiny", { seed: 2 })).not.toBe(await syntheticModelPath("tiny"));
    });

    for (const [answer, tokenId] of [[" A", 319], [" yes", 4874], ["A", 29909]] as const) {
        it(`constant answer ${JSON.stringify(answer)}: P(token ${tokenId}) > 0.99 after any prompt, and greedy generation answers it`, async () => {
            const constant = await llama.loadModel({ modelPath: await syntheticModelPath("tiny", { constantAnswer: answer }) });
            const context = await constant.createContext({ contextSize: 256 });
            const sequence = context.getSequence();
            try {
                const prompts = [
                    "Question: Which drug is a beta blocker?\nA. metoprolol\nB. lisinopril\nC. amlodipine\nD. furosemide\nAnswer:",
                    "Hello",
                    "The patient is a 45-year-old man with chest pain. The most likely diagnosis is",
                    "[bib_ref] 12 [/bib_ref] ###"
                ];
                for (const prompt of prompts) {
                    expect(constant.tokenize("Answer:" + answer).at(-1)).toBe(tokenId);
                    const tokens = [constant.tokens.bos!, ...constant.tokenize(prompt, true)];
                    await sequence.clearHistory();
                    const out = await sequence.controlledEvaluate([...tokens.slice(0, -1), [tokens.at(-1)!, { generateNext: { probabilities: true } }]]);
                    expect(out.at(-1)?.next?.probabilities?.get(tokenId as unknown as Token)).toBeGreaterThan(0.99);
                }
                await sequence.clearHistory();
                const generated: number[] = [];
                for await (const token of sequence.evaluate([constant.tokens.bos!, ...constant.tokenize(prompts[0]!)], { temperature: 0 })) {
                    generated.push(token);
                    if (generated.length === 3) break;
                }
                expect(generated).toEqual([tokenId, tokenId, tokenId]);
                expect(constant.detokenize(generated as unknown as Token[], false, constant.tokenize(prompts[0]!))).toBe(answer.repeat(3));
            } finally {
                await context.dispose();
                await constant.dispose();
            }
        });
    }
});
