import type { LanguageModel } from "../models/LanguageModel.js";
import { UserError } from "../util/errors.js";
import { guardTask } from "./guardTask.js";
import { medicalChatPrompt } from "./medicalChatPrompt.js";
import type { TaskAnswer, TaskCallOptions } from "./TaskAnswer.js";
import { taskGenerateOptions } from "./taskGenerateOptions.js";

export interface HealthResult {
    answer: string;
}

const layInstruction =
    "You are answering a question from a member of the public. Use plain language, avoid jargon, and say when they should see a doctor.";

/**
 * Answers a general health question from a lay person in plain language.
 *
 * @example
 * const answer = await answerHealthQuestion(model, "Is it safe to exercise with a cold?");
 * console.log(answer.text);
 */
export async function answerHealthQuestion(model: LanguageModel, question: string, options: TaskCallOptions = {}): Promise<TaskAnswer<HealthResult>> {
    if (typeof question !== "string" || question.trim() === "") {
        throw new UserError("the health question is empty", { expected: "a non-empty question", found: JSON.stringify(question) });
    }
    return guardTask("health", model, question, options, async (onText) => {
        const { prompt, stop } = medicalChatPrompt(question, layInstruction);
        const generation = await model.generate(prompt, {
            ...taskGenerateOptions(options, 256),
            stop,
            onText
        });
        const answer = generation.text.trim();
        return { text: answer, result: { answer }, finishReason: generation.finishReason, usage: { ...generation.usage } };
    });
}
