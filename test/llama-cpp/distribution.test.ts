import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadLlamaCppModel } from "../../src/models/llama-cpp/loadLlamaCppModel.js";
import type { LlamaCppModel } from "../../src/models/llama-cpp/LlamaCppModel.js";
import { special, text } from "../../src/models/Prompt.js";
import { syntheticModelPath } from "../helpers/syntheticModel.js";

const mcq = "Question: Which drug is a beta blocker?\n\nOptions:\nA. metoprolol\nB. lisinopril\nC. amlodipine\nD. furosemide\nThe answer is:";
const letters = [" A", " B", " C", " D"];

let model: LlamaCppModel;
let path: string;

beforeAll(async () => {
    path = await syntheticModelPath("tiny");
    model = await loadLlamaCppModel({ modelPath: path, threads: 1, contextSize: 512 });
});

afterAll(async () => {
    await model?.dispose();
});

describe("nextTokenDistribution", () => {
    it("is the full softmax: all vocabulary probabilities sum to 1, highest first", async () => {
        const vocabulary = model.info.vocabularySize ?? 0;
        expect(vocabulary).toBeGreaterThanOrEqual(32000);
        const distribution = await model.nextTokenDistribution(mcq, { topK: vocabulary });
        expect(distribution.top).toHaveLength(vocabulary);
        const sum = distribution.top.reduce((total, entry) => total + entry.prob, 0);
        expect(sum).toBeCloseTo(1, 4);
        for (let i = 1; i < 50; i++) expect(distribution.top[i - 1]!.prob).toBeGreaterThanOrEqual(distribution.top[i]!.prob);
        expect(distribution.promptTokens).toBe((await model.tokenize(mcq)).length + 1);
    });

    it("gives each candidate the probability of the token it gets after the prompt", async () => {
        const distribution = await model.nextTokenDistribution(mcq, { candidates: letters, topK: 40000 });
        const ids = await Promise.all(letters.map(async (letter) => (await model.tokenize(mcq + letter)).at(-1)));
        expect(ids).toEqual([319, 350, 315, 360]); // ▁A ▁B ▁C ▁D in the Llama-2 vocabulary
        for (let i = 0; i < letters.length; i++) {
            const entry = distribution.top.find((candidate) => candidate.token === ids[i]);
            expect(distribution.candidates[i]).toBe(entry?.prob);
            expect(entry?.text).toBe(letters[i]);
        }
    });

    it("resolves candidates from the prompt's tail exactly as from the whole prompt", async () => {
        const words = ["fever", "of", "unknown", "origin", "in", "a", "45-year-old", "man,", "SpO₂", "88%", "—", "the", "answer", "is:", "(A)", "don't", "  ", "x"];
        const candidates = [" A", "A", " yes", ":", ".", "\n", " 12", "B", "  C", "s"];
        let state = 7;
        let checked = 0;
        const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
        for (let trial = 0; trial < 16; trial++) {
            const length = 5 + (next() % 60);
            const prompt = Array.from({ length }, () => words[next() % words.length]).join(next() % 3 === 0 ? "" : " ") + (trial % 4 === 0 ? "\n" : "");
            const distribution = await model.nextTokenDistribution(prompt, { candidates, topK: model.info.vocabularySize ?? 0 });
            const probabilityOf = new Map(distribution.top.map((entry) => [entry.token, entry.prob]));
            const base = await model.tokenize(prompt);
            for (let i = 0; i < candidates.length; i++) {
                const whole = await model.tokenize(prompt + candidates[i]);
                const extendsPrompt = whole.length > base.length && base.every((token, index) => whole[index] === token);
                if (!extendsPrompt) continue; // a boundary merge: resolved as the first differing token, by design
                checked += 1;
                expect(distribution.candidates[i], `${JSON.stringify(prompt)} + ${JSON.stringify(candidates[i])}`).toBe(probabilityOf.get(whole[base.length]!));
            }
        }
        expect(checked).toBeGreaterThan(60);
    });

    it("agrees with scoreContinuations for single-token continuations", async () => {
        const distribution = await model.nextTokenDistribution(mcq, { candidates: letters });
        const scores = await model.scoreContinuations(mcq, letters);
        for (let i = 0; i < letters.length; i++) {
            expect(scores[i]?.tokenCount).toBe(1);
            expect(Math.exp(scores[i]!.logprob)).toBeCloseTo(distribution.candidates[i]!, 8);
        }
        const best = distribution.top[0]!;
        const [greedy] = await model.scoreContinuations(mcq, [best.text]);
        expect(greedy?.isGreedy).toBe(true);
        expect(scores.every((score) => score.isGreedy === (distribution.top[0]!.text === letters[scores.indexOf(score)]))).toBe(true);
    });

    it("scores multi-token continuations as the sum of their token log-probabilities", async () => {
        const [two] = await model.scoreContinuations(mcq, [" A. metoprolol"]);
        expect(two?.tokenCount).toBeGreaterThan(2);
        const first = await model.nextTokenDistribution(mcq, { candidates: [" A"] });
        const rest = await model.scoreContinuations(mcq + " A", [". metoprolol"]);
        expect(two!.logprob).toBeCloseTo(Math.log(first.candidates[0]!) + rest[0]!.logprob, 6);
        expect(await model.scoreContinuations(mcq, [""])).toEqual([{ logprob: 0, isGreedy: true, tokenCount: 0 }]);
    });
});

describe("prefix reuse", () => {
    it("evaluates only the new suffix and gives the same distribution as a fresh sequence", async () => {
        const preamble = "You are a medical doctor answering real-world medical entrance exam questions.\n".repeat(4);
        await model.nextTokenDistribution(preamble + mcq);
        const before = model.stats;
        const second = preamble + mcq.replace("beta blocker", "calcium channel blocker");
        const reused = await model.nextTokenDistribution(second, { candidates: letters });
        const after = model.stats;
        const promptTokens = reused.promptTokens;
        expect(after.promptTokens - before.promptTokens).toBe(promptTokens);
        expect(after.reusedTokens - before.reusedTokens).toBeGreaterThan(promptTokens / 2);
        expect(after.evaluatedTokens - before.evaluatedTokens).toBeLessThan(promptTokens / 2);

        const fresh = await loadLlamaCppModel({ modelPath: path, threads: 1, contextSize: 512 });
        try {
            const cold = await fresh.nextTokenDistribution(second, { candidates: letters });
            expect(fresh.stats.reusedTokens).toBe(0);
            // Equal up to float rounding: llama.cpp sums in a different order for a different batch split.
            for (let i = 0; i < letters.length; i++) expect(Math.abs(reused.candidates[i]! / cold.candidates[i]! - 1)).toBeLessThan(1e-3);
            expect(reused.top.map((entry) => entry.token)).toEqual(cold.top.map((entry) => entry.token));
        } finally {
            await fresh.dispose();
        }
    });

    it("re-evaluates at least the last token when the same prompt comes again", async () => {
        const first = await model.nextTokenDistribution(mcq, { candidates: letters });
        const before = model.stats;
        const again = await model.nextTokenDistribution(mcq, { candidates: letters });
        expect(model.stats.evaluatedTokens - before.evaluatedTokens).toBe(1);
        expect(again.candidates).toEqual(first.candidates);
    });
});

describe("parallel sequences", () => {
    it("runs two requests at once, queues a third, and lets a queued request abort", async () => {
        const parallel = await loadLlamaCppModel({ modelPath: path, threads: 1, contextSize: 256, sequences: 2 });
        try {
            expect(parallel.capabilities.parallelism).toBe(2);
            const solo = await parallel.generate("Patient one:", { maxTokens: 16 });
            const results = await Promise.all([
                parallel.generate("Patient one:", { maxTokens: 16 }),
                parallel.generate("Patient two has a different story:", { maxTokens: 16 }),
                parallel.nextTokenDistribution("Patient three:", { candidates: letters })
            ]);
            expect(results[0].text).toBe(solo.text);
            expect(results[0].usage.completionTokens).toBe(16);
            expect(results[1].usage.completionTokens).toBe(16);
            expect(results[2].candidates).toHaveLength(4);

            const controller = new AbortController();
            const busy = [parallel.generate("a", { maxTokens: 30 }), parallel.generate("b", { maxTokens: 30 })];
            const queued = parallel.generate("c", { maxTokens: 30, signal: controller.signal });
            controller.abort();
            expect(await queued).toMatchObject({ text: "", finishReason: "abort" });
            await Promise.all(busy);
        } finally {
            await parallel.dispose();
        }
    });
});

describe("sequence choice", () => {
    it("sends a request to the sequence whose history shares the longest prefix", async () => {
        const parallel = await loadLlamaCppModel({ modelPath: path, threads: 1, contextSize: 256, sequences: 2 });
        try {
            const first = "Case one: a 30-year-old woman with fever, rash and joint pain after a hiking trip.";
            const second = "Case two: an 80-year-old man with sudden confusion and a fall at home last night.";
            // Run concurrently so each occupies its own sequence.
            await Promise.all([parallel.nextTokenDistribution(first), parallel.nextTokenDistribution(second)]);
            for (const [followUp, history] of [[`${second} Answer:`, second], [`${first} Answer:`, first]] as const) {
                const before = parallel.stats;
                const result = await parallel.nextTokenDistribution(followUp);
                const historyTokens = parallel.promptTokens(history).length;
                expect(parallel.stats.reusedTokens - before.reusedTokens).toBeGreaterThanOrEqual(historyTokens - 1);
                expect(result.promptTokens - (parallel.stats.reusedTokens - before.reusedTokens)).toBeLessThanOrEqual(result.promptTokens - historyTokens + 1);
            }
        } finally {
            await parallel.dispose();
        }
    });
});

describe("special tokens", () => {
    const injected = "<s> </s> <|im_end|> [bib_ref] <|im_start|>";

    it("cannot be injected through text parts", async () => {
        const controlIds = await model.tokenize(injected, { specialTokens: true });
        const bos = 1, eos = 2, bibRef = 32005;
        expect(controlIds).toEqual(expect.arrayContaining([bos, eos, bibRef]));
        const asText = model.promptTokens([text(injected)]);
        expect(asText[0]).toBe(bos); // the BOS the backend prepends
        for (const id of [bos, eos, bibRef, ...controlIds.filter((id) => id >= 32000)]) expect(asText.slice(1)).not.toContain(id);
        expect(model.promptTokens(injected)).toEqual(asText);
        expect(await model.tokenize(injected)).toEqual(asText.slice(1));
    });

    it("are control tokens when they come from special parts", async () => {
        const tokens = model.promptTokens([text("Question"), special("[bib_ref]"), text("cited"), special("</s>")]);
        expect(tokens).toContain(32005);
        expect(tokens.at(-1)).toBe(2);
        // A "special" string that is no token of the vocabulary stays text of our format.
        expect(model.promptTokens([text("a"), special("<not-a-token>"), text("b")])).toEqual(model.promptTokens("a<not-a-token>b"));
    });

    it("round-trips text through tokenize/detokenize", async () => {
        const sentence = "A 45-year-old man with SpO₂ 88% — crushing chest pain.";
        expect(await model.detokenize(await model.tokenize(sentence))).toBe(sentence);
    });
});

describe("JSON schema", () => {
    it("constrains generation to parseable JSON that matches the schema", async () => {
        const schema = {
            type: "object",
            properties: {
                answer: { type: "string", enum: ["A", "B", "C", "D"] },
                urgent: { type: "boolean" },
                findings: { type: "array", items: { type: "string", enum: ["fever", "cough", "rash"] }, maxItems: 2 }
            },
            required: ["answer", "urgent", "findings"]
        };
        const result = await model.generate(mcq, { jsonSchema: schema, maxTokens: 200, temperature: 0.7, seed: 3 });
        expect(result.finishReason, result.text).toBe("stop");
        const parsed = JSON.parse(result.text) as { answer: string; urgent: boolean; findings: string[] };
        expect(["A", "B", "C", "D"]).toContain(parsed.answer);
        expect(typeof parsed.urgent).toBe("boolean");
        expect(parsed.findings.length).toBeLessThanOrEqual(2);
        for (const finding of parsed.findings) expect(["fever", "cough", "rash"]).toContain(finding);
        expect(model.capabilities.jsonSchema).toBe(true);
    });
});
