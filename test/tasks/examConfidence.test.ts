import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanguageModel } from "../../src/models/LanguageModel.js";
import { createSafetyGate } from "../../src/safety/createSafetyGate.js";
import { unsureNote } from "../../src/safety/finalizeAnswer.js";
import { createSafetyLayer } from "../../src/safety/SafetyLayer.js";
import { answerExam } from "../../src/tasks/answerExam.js";
import { loadTinyModel } from "../server/serverFixture.js";

let spread: LanguageModel;
let constantB: LanguageModel;
const safety = createSafetyGate(createSafetyLayer({ locale: "en-GB" }));
const exam = { question: "Which drug is a beta blocker?", options: ["lisinopril", "metoprolol", "amlodipine", "furosemide"] };

beforeAll(async () => {
    // Random weights: the option letters get spread-out probabilities.
    spread = await loadTinyModel(1);
    // P > 0.99 on " B" after any prompt.
    constantB = await loadTinyModel(1, { constantAnswer: " B" });
});

afterAll(async () => {
    await spread?.dispose();
    await constantB?.dispose();
});

describe("exam answers through the real safety layer", () => {
    it("say they are unsure when the chosen option is improbable", async () => {
        const answer = await answerExam(spread, exam, { safety, maxTokens: 4 });
        const confidence = answer.result!.probabilities[answer.result!.letter]!;
        expect(confidence).toBeLessThan(0.5);
        expect(answer.safety?.action).toBe("allow");
        expect(answer.text.startsWith(unsureNote(confidence))).toBe(true);
        expect(answer.text).toContain(`**Answer: ${answer.result!.letter}.**`);
    });

    it("carry no unsure wording when the model is sure (P > 0.99)", async () => {
        const answer = await answerExam(constantB, exam, { safety, maxTokens: 4 });
        expect(answer.result!.probabilities.B).toBeGreaterThan(0.99);
        expect(answer.text.startsWith("**Answer: B.** metoprolol")).toBe(true);
        expect(answer.text).not.toContain("unsure");
    });
});
