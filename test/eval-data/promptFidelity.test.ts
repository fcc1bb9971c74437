import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBenchmark } from "../../src/eval/datasets/loadBenchmark.js";
import { loadShotPool, parseShotSource } from "../../src/eval/datasets/loadShotPool.js";
import type { BenchmarkName } from "../../src/eval/datasets/benchmarks.js";
import { renderExamPrompts } from "../../src/eval/shots/renderExamPrompts.js";
import { buildEvalPrompt } from "../../src/prompts/exam/buildEvalPrompt.js";
import { DATA_DIR, FIXTURES_DIR } from "./dataDir.js";

/**
 * Reference prompts in test/fixtures/prompts/reference_prompts.jsonl were written by
 * make_reference_prompts.py, an independent Python rendering of the paper's documented
 * construction (numpy for the shot draw, Python's csv/json/random for the data), not by our code.
 */
interface ReferenceCase {
    benchmark: BenchmarkName;
    item: string;
    shots: number;
    shotsFrom: string;
    seed: number;
    cot: boolean;
    format: "raw" | "chatml";
    prompt: string;
    gold: string;
    shotIds: string[];
}

const cases: ReferenceCase[] = readFileSync(path.join(FIXTURES_DIR, "reference_prompts.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as ReferenceCase);

describe("prompt fidelity against reference prompts built independently", () => {
    it("has reference cases for every benchmark, zero- and three-shot", () => {
        for (const benchmark of ["medqa", "medqa4", "medmcqa", "pubmedqa", "mmlu-medical", "truthfulqa"]) {
            expect(cases.some((c) => c.benchmark === benchmark && c.shots === 0)).toBe(true);
            expect(cases.some((c) => c.benchmark === benchmark && c.shots === 3)).toBe(true);
        }
    });

    for (const reference of cases) {
        const label = `${reference.benchmark} ${reference.item} ${reference.shots}-shot seed ${reference.seed}${reference.shotsFrom ? ` from ${reference.shotsFrom}` : ""}${reference.cot ? " cot" : ""} ${reference.format}`;
        it(label, async () => {
            const loaded = await loadBenchmark(reference.benchmark, { dataDir: DATA_DIR });
            const item = loaded.items.find((candidate) => candidate.id === reference.item);
            expect(item, `item ${reference.item}`).toBeDefined();
            const shotsFrom = reference.shotsFrom === "" || reference.shotsFrom === "test-excluding-item" ? reference.shotsFrom : path.join(DATA_DIR, reference.shotsFrom);
            const pool = reference.shots > 0 ? await loadShotPool(reference.benchmark, parseShotSource(shotsFrom || undefined), { dataDir: DATA_DIR }) : undefined;
            const [rendered] = renderExamPrompts({
                benchmark: reference.benchmark,
                items: [item!],
                shots: reference.shots,
                ...(pool === undefined ? {} : { pool }),
                seed: reference.seed,
                cot: reference.cot,
                format: reference.format
            });
            expect(rendered!.shots.map((shot) => shot.id)).toEqual(reference.shotIds);
            expect(rendered!.prompt).toBe(reference.prompt);
            expect(item!.gold).toBe(reference.gold);
        });
    }
});

describe("prompt construction, typed out by hand", () => {
    it("MMLU anatomy:0 zero-shot: '?' appended to a question without final punctuation", async () => {
        const loaded = await loadBenchmark("mmlu-medical", { dataDir: DATA_DIR });
        const item = loaded.items.find((candidate) => candidate.id === "anatomy:0")!;
        const expected =
            "You are a medical doctor answering realworld medical entrance exam questions. Based on your understanding of basic and clinical science, medical knowledge, and mechanisms underlying health, disease, patient care, and modes of therapy, answer the following multiple-choice question. Select one correct answer from A to D. Base your answer on the current and standard practices referenced in medical guidelines.\n" +
            "Question: A lesion causing compression of the facial nerve at the stylomastoid foramen will cause ipsilateral?\n" +
            "\n" +
            "Options:\n" +
            "A. paralysis of the facial muscles.\n" +
            "B. paralysis of the facial muscles and loss of taste.\n" +
            "C. paralysis of the facial muscles, loss of taste and lacrimation.\n" +
            "D. paralysis of the facial muscles, loss of taste, lacrimation and decreased salivation.\n" +
            "The answer is:\n";
        expect(buildEvalPrompt({ benchmark: "mmlu-medical", item })).toBe(expected);
    });

    it("MMLU nutrition:0 keeps the in-field newline and gets '?' after it (paper), or trims it on request", async () => {
        const loaded = await loadBenchmark("mmlu-medical", { dataDir: DATA_DIR });
        const item = loaded.items.find((candidate) => candidate.id === "nutrition:0")!;
        expect(item.question).toBe("Which foods tend to be consumed in lower quantities in Wales and Scotland (as of 2020)?\n");
        const paper = buildEvalPrompt({ benchmark: "mmlu-medical", item });
        expect(paper).toContain("Question: Which foods tend to be consumed in lower quantities in Wales and Scotland (as of 2020)?\n?\n\nOptions:\nA. Meat\nB. Confectionary\nC. Fruits and vegetables\nD. Potatoes\nThe answer is:\n");
        const trimmed = buildEvalPrompt({ benchmark: "mmlu-medical", item, trimQuestions: true });
        expect(trimmed).toContain("(as of 2020)?\n\nOptions:\nA. Meat\n");
        expect(item.gold).toBe("C");
    });

    it("few-shot: demonstrations joined by blank lines, no trailing newline; CoT and ChatML variants", () => {
        const demo = { question: "Q1", options: ["a1", "b1"], gold: "B" };
        const item = { question: "Q2.", options: ["a2", "b2"], gold: "A" };
        const system = "You are a medical doctor answering realworld medical entrance exam questions. Based on your understanding of basic and clinical science, medical knowledge, and mechanisms underlying health, disease, patient care, and modes of therapy, answer the following multiple-choice question. Select one correct answer from A to D. Base your answer on the current and standard practices referenced in medical guidelines.";
        expect(buildEvalPrompt({ benchmark: "medmcqa", item, shots: [demo] })).toBe(
            `${system}\nQuestion: Q1?\n\nOptions:\nA. a1\nB. b1\nThe answer is: B\n\nQuestion: Q2.\n\nOptions:\nA. a2\nB. b2\nThe answer is:`
        );
        expect(buildEvalPrompt({ benchmark: "medmcqa", item, cot: true })).toBe(`${system}\nQuestion: Q2.\n\nOptions:\nA. a2\nB. b2\nLet's think step by step.\n`);
        expect(buildEvalPrompt({ benchmark: "medmcqa", item, format: "chatml" })).toBe(
            `<|im_start|>question\n${system}\nQuestion: Q2.\n\nOptions:\nA. a2\nB. b2\nThe answer is:\n<|im_end|>\n<|im_start|>answer\n`
        );
        const pubmed = { question: "Is it?", contexts: ["c1", "c2"], gold: "yes" };
        expect(buildEvalPrompt({ benchmark: "pubmedqa", item: pubmed, cot: true })).toBe(
            "As an expert doctor in clinical science and medical knowledge, can you tell me if the following statement is correct? Answer yes, no, or maybe.\nc1\nc2\nIs it?\nLet\u2019s think step by step.\n"
        );
    });

    it("refuses few-shot CoT (exemplar files not released) and CoT on TruthfulQA", () => {
        const item = { question: "Q", options: ["a", "b"], gold: "A" };
        expect(() => buildEvalPrompt({ benchmark: "medqa", item, shots: [item], cot: true })).toThrow(/few-shot chain-of-thought/);
        expect(() => buildEvalPrompt({ benchmark: "truthfulqa", item, cot: true })).toThrow(/no chain-of-thought prompt for truthfulqa/);
    });
});
