import Ajv2020 from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanguageModel } from "../../src/models/LanguageModel.js";
import type { SafetyDecision } from "../../src/safety/SafetyDecision.js";
import { answerExam, examPrompt } from "../../src/tasks/answerExam.js";
import { answerHealthQuestion } from "../../src/tasks/answerHealthQuestion.js";
import { describeDisease, diseaseSections } from "../../src/tasks/describeDisease.js";
import { differentialDiagnosis } from "../../src/tasks/differentialDiagnosis.js";
import { differentialAnswerSchema } from "../../src/tasks/differentialSchema.js";
import { MEDICAL_DISCLAIMER } from "../../src/tasks/disclaimer.js";
import type { SafetyGate } from "../../src/tasks/TaskAnswer.js";
import { UserError } from "../../src/util/errors.js";
import { loadTinyModel } from "../server/serverFixture.js";

let model: LanguageModel;
let constantB: LanguageModel;

beforeAll(async () => {
    model = await loadTinyModel(1);
    // This model puts P > 0.99 on " B" after any prompt, so the exam answer is known.
    constantB = await loadTinyModel(1, { constantAnswer: " B" });
});

afterAll(async () => {
    await model?.dispose();
    await constantB?.dispose();
});

const exam = { question: "Which drug is a beta blocker", options: ["lisinopril", "metoprolol", "amlodipine", "furosemide"] };

describe("exam", () => {
    it("renders MediTron's exam prompt, with the letter range fitted to the options", () => {
        const prompt = examPrompt(exam);
        expect(prompt).toContain("Select one correct answer from A to D.");
        expect(prompt).toContain("Question: Which drug is a beta blocker?\n\nOptions:\nA. lisinopril\nB. metoprolol\nC. amlodipine\nD. furosemide\nThe answer is:");
        expect(examPrompt({ ...exam, options: [...exam.options, "atenolol"] })).toContain("select one correct answer from A to E.");
    });

    it("answers with the most probable letter, option probabilities that sum to 1, and a rationale", async () => {
        const answer = await answerExam(constantB, exam, { maxTokens: 8 });
        expect(answer.result!.letter).toBe("B");
        const probabilities = Object.values(answer.result!.probabilities);
        expect(Object.keys(answer.result!.probabilities)).toEqual(["A", "B", "C", "D"]);
        expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
        expect(answer.result!.probabilities.B).toBeGreaterThan(0.99);
        expect(answer.text.startsWith("**Answer: B.** metoprolol")).toBe(true);
        expect(answer.model).toBe(constantB.info.name);
        expect(answer.disclaimer).toBe(MEDICAL_DISCLAIMER);
        expect(answer.usage.completionTokens).toBeGreaterThan(0);
    });

    it("streams the header and rationale through onText", async () => {
        let streamed = "";
        const answer = await answerExam(model, exam, { maxTokens: 6, onText: (t) => (streamed += t) });
        expect(streamed.trim()).toBe(answer.text.trim());
    });

    it("rejects a question without enough options", async () => {
        await expect(answerExam(model, { question: "Which?", options: ["only one"] })).rejects.toBeInstanceOf(UserError);
    });
});

describe("health, disease, differential", () => {
    it("answers a lay health question", async () => {
        const answer = await answerHealthQuestion(model, "Is it safe to exercise with a cold?", { maxTokens: 12 });
        expect(answer.task).toBe("health");
        expect(answer.result!.answer).toBe(answer.text);
        expect(answer.usage.promptTokens).toBeGreaterThan(100);
        expect(answer.usage.completionTokens).toBeGreaterThan(0);
        expect(answer.usage.completionTokens).toBeLessThanOrEqual(12);
    });

    it("describes a disease in all six sections, in order", async () => {
        let streamed = "";
        const answer = await describeDisease(model, "type 2 diabetes", { maxTokens: 10, onText: (t) => (streamed += t) });
        expect(Object.keys(answer.result!.sections)).toEqual(diseaseSections.map((s) => s.key));
        const headings = [...answer.text.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        expect(headings).toEqual(["Overview", "Symptoms", "Causes", "Diagnosis", "Treatment", "When to see a doctor"]);
        expect(streamed.trim()).toBe(answer.text);
    });

    it("produces a differential that validates against the published JSON schema", async () => {
        const answer = await differentialDiagnosis(model, "A 58-year-old man with crushing chest pain radiating to the left arm, sweating, for 40 minutes.");
        const ajv = new Ajv2020.default({ strict: false });
        const validate = ajv.compile(differentialAnswerSchema);
        expect(validate(answer.result), JSON.stringify(validate.errors)).toBe(true);
        expect(answer.result!.diagnoses.map((d) => d.rank)).toEqual(answer.result!.diagnoses.map((_, i) => i + 1));
        expect(answer.text.split("\n")[0]).toBe("| # | Diagnosis | Likelihood | Supporting | Opposing | Next tests |");
        expect(answer.finishReason).toBe("stop");
    });

    it("stops at once when aborted", async () => {
        const controller = new AbortController();
        controller.abort();
        const answer = await answerHealthQuestion(model, "What is a fever?", { maxTokens: 200, signal: controller.signal });
        expect(answer.finishReason).toBe("abort");
    });
});

describe("safety gate", () => {
    const emergency: SafetyDecision = { action: "emergency", emergency: true, category: "cardiac", rule: "test-rule", message: "Call 112 now." };
    const hedge: SafetyDecision = { action: "hedge", emergency: false, category: "dosing", rule: "dose", message: "Ask a pharmacist." };
    const gate = (decision: SafetyDecision): SafetyGate & { screened: string[] } => {
        const screened: string[] = [];
        return {
            screened,
            screen: (text) => {
                screened.push(text);
                return decision;
            },
            finalize: (answer, d) => (d.action === "hedge" ? `${answer}\n\n> ${d.message}` : answer)
        };
    };

    it("answers an emergency with the safety message without calling the model", async () => {
        const safety = gate(emergency);
        const answer = await answerHealthQuestion(model, "crushing chest pain", { safety });
        expect(safety.screened).toEqual(["crushing chest pain"]);
        expect(answer).toMatchObject({ text: "Call 112 now.", result: null, finishReason: "safety", usage: { promptTokens: 0, completionTokens: 0 } });
        expect(answer.safety).toEqual(emergency);
    });

    it("lets the model answer a clinician's differential in an emergency, with the decision attached", async () => {
        const safety = gate(emergency);
        const answer = await differentialDiagnosis(model, "58-year-old man, crushing chest pain radiating to the left arm, diaphoresis", { safety, maxTokens: 1536 });
        expect(answer.safety).toEqual(emergency);
        expect(answer.finishReason).not.toBe("safety");
        expect(answer.result?.diagnoses.length).toBeGreaterThan(0);
        expect(answer.text).not.toContain("Call 112 now.");
        expect(answer.usage.completionTokens).toBeGreaterThan(0);
    });

    it("lets the model answer an exam question in an emergency, and gives lay tasks the fixed message", async () => {
        const examAnswer = await answerExam(constantB, exam, { safety: gate(emergency), maxTokens: 4 });
        expect(examAnswer.result?.letter).toBe("B");
        expect(examAnswer.safety?.action).toBe("emergency");
        const disease = await describeDisease(model, "heart attack", { safety: gate(emergency), maxTokens: 4 });
        expect(disease).toMatchObject({ text: "Call 112 now.", result: null, finishReason: "safety" });
    });

    it("refuses on every task, the clinician ones included", async () => {
        const refusal: SafetyDecision = { action: "refuse", emergency: false, category: "violence", rule: "r", message: "I can't help with that." };
        for (const answer of [
            await differentialDiagnosis(model, "how to poison someone", { safety: gate(refusal) }),
            await answerExam(model, exam, { safety: gate(refusal) }),
            await answerHealthQuestion(model, "how to poison someone", { safety: gate(refusal) })
        ]) {
            expect(answer).toMatchObject({ text: "I can't help with that.", result: null, finishReason: "safety", usage: { completionTokens: 0 } });
        }
    });

    it("gives finalize the exam's confidence and streams the finalized exam answer once", async () => {
        const contexts: unknown[] = [];
        const safety: SafetyGate = {
            screen: () => ({ action: "allow", emergency: false, category: null, rule: null }),
            finalize: (answer, _decision, context) => {
                contexts.push(context);
                return `NOTE\n\n${answer}`;
            }
        };
        const streamed: string[] = [];
        const answer = await answerExam(model, exam, { safety, maxTokens: 4, onText: (t) => streamed.push(t) });
        expect(contexts).toEqual([{ examConfidence: answer.result!.probabilities[answer.result!.letter] }]);
        expect(answer.text.startsWith("NOTE\n\n**Answer: ")).toBe(true);
        expect(streamed).toEqual([answer.text]);
        expect(answer).not.toHaveProperty("finalizeContext");
    });

    it("finalizes a hedged answer and carries the decision", async () => {
        const answer = await answerHealthQuestion(model, "how much ibuprofen", { safety: gate(hedge), maxTokens: 4 });
        expect(answer.text.endsWith("> Ask a pharmacist.")).toBe(true);
        expect(answer.safety?.action).toBe("hedge");
    });
});
