import { requireCapability, type LanguageModel } from "../models/LanguageModel.js";
import { UserError } from "../util/errors.js";
import { guardTask, UsageTally } from "./guardTask.js";
import type { TaskAnswer, TaskCallOptions } from "./TaskAnswer.js";
import { taskGenerateOptions } from "./taskGenerateOptions.js";

/** An exam question: the stem and 2 to 10 options, lettered A, B, C… in order. */
export interface ExamQuestion {
    question: string;
    options: readonly string[];
}

export interface ExamResult {
    /** The most probable option letter. */
    letter: string;
    /** Probability of each option letter, renormalised over the options (they sum to 1). */
    probabilities: Record<string, number>;
    /** A short explanation generated after the chosen letter. */
    rationale: string;
}

// The MediTron evaluation instructions (evaluation/instructions.json): MedQA's for five options,
// MedMCQA's otherwise; the letter range is rewritten to match the number of options.
const medqaSystem =
    "You are a medical doctor taking the US Medical Licensing Examination. You need to demonstrate your understanding of basic and clinical science, medical knowledge, and mechanisms underlying health, disease, patient care, and modes of therapy. Show your ability to apply the knowledge essential for medical practice. For the following multiple-choice question, select one correct answer from A to E. Base your answer on the current and standard practices referenced in medical guidelines.";
const medmcqaSystem =
    "You are a medical doctor answering realworld medical entrance exam questions. Based on your understanding of basic and clinical science, medical knowledge, and mechanisms underlying health, disease, patient care, and modes of therapy, answer the following multiple-choice question. Select one correct answer from A to D. Base your answer on the current and standard practices referenced in medical guidelines.";

/** Letters for `count` options. */
export function optionLetters(count: number): string[] {
    return Array.from({ length: count }, (_, index) => String.fromCharCode(65 + index));
}

/**
 * The exam prompt as in MediTron's evaluation (`format_mcq` + instruction), ending in
 * "The answer is:" so the next token is the option letter.
 */
export function examPrompt(exam: ExamQuestion): string {
    const letters = optionLetters(exam.options.length);
    const lastLetter = letters.at(-1) ?? "A";
    const system = (exam.options.length === 5 ? medqaSystem : medmcqaSystem).replace(/from A to [DE]\./, `from A to ${lastLetter}.`);
    const stem = exam.question.trim();
    const question = /[?.]$/.test(stem) ? stem : `${stem}?`;
    const options = exam.options.map((option, index) => `${letters[index]}. ${option.trim()}`).join("\n");
    return `${system}\nQuestion: ${question}\n\nOptions:\n${options}\nThe answer is:`;
}

/** Throws a UserError unless `exam` is a question with 2–10 non-empty options. */
export function validateExamQuestion(exam: ExamQuestion): void {
    if (typeof exam.question !== "string" || exam.question.trim() === "") {
        throw new UserError("the exam question is empty", { expected: "a non-empty `question` string", found: JSON.stringify(exam.question) });
    }
    if (!Array.isArray(exam.options) || exam.options.length < 2 || exam.options.length > 10) {
        throw new UserError("an exam question needs 2 to 10 options", {
            expected: "`options`: an array of 2–10 strings",
            found: Array.isArray(exam.options) ? `${exam.options.length} options` : typeof exam.options
        });
    }
    exam.options.forEach((option, index) => {
        if (typeof option !== "string" || option.trim() === "") {
            throw new UserError(`exam option ${index} is empty`, { expected: "non-empty option strings", found: JSON.stringify(option) });
        }
    });
}

/**
 * Answers a multiple-choice exam question: the letter with the highest next-token probability
 * after "The answer is:" (the probabilities of all option letters, renormalised, are returned),
 * then a short generated rationale for that letter.
 *
 * @example
 * const answer = await answerExam(model, { question: "Which drug is a beta blocker?", options: ["metoprolol", "lisinopril"] });
 * answer.result?.letter; // "A"
 */
export async function answerExam(model: LanguageModel, exam: ExamQuestion, options: TaskCallOptions = {}): Promise<TaskAnswer<ExamResult>> {
    validateExamQuestion(exam);
    requireCapability(model, "nextTokenDistribution", "exam answers read the probability of each option letter");
    const userText = [exam.question, ...exam.options].join("\n");
    return guardTask("exam", model, userText, options, async (onText) => {
        const usage = new UsageTally();
        const prompt = examPrompt(exam);
        const letters = optionLetters(exam.options.length);
        const distribution = await model.nextTokenDistribution(prompt, { candidates: letters.map((letter) => ` ${letter}`), signal: options.signal });
        usage.add({ promptTokens: distribution.promptTokens, completionTokens: 0 });
        const raw = distribution.candidates.map((p) => (p === null || !Number.isFinite(p) ? 0 : p));
        const total = raw.reduce((sum, p) => sum + p, 0);
        const probabilities: Record<string, number> = {};
        letters.forEach((letter, index) => {
            probabilities[letter] = total > 0 ? (raw[index] ?? 0) / total : 1 / letters.length;
        });
        const best = letters.reduce((a, b) => ((probabilities[b] ?? 0) > (probabilities[a] ?? 0) ? b : a));
        const header = `**Answer: ${best}.** ${exam.options[letters.indexOf(best)]?.trim() ?? ""}\n\n`;
        onText?.(header);
        const generation = await model.generate(`${prompt} ${best}\nExplanation:`, {
            ...taskGenerateOptions(options, 96),
            stop: ["\n\n", "###", "Question:"],
            onText
        });
        usage.add(generation.usage);
        const rationale = generation.text.trim();
        return {
            text: header + rationale,
            result: { letter: best, probabilities, rationale },
            finishReason: generation.finishReason,
            usage: usage.toJSON(),
            // The safety layer words a low-confidence answer as unsure.
            finalizeContext: { examConfidence: probabilities[best] ?? 0 }
        };
    });
}
