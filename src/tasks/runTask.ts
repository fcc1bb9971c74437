import type { LanguageModel } from "../models/LanguageModel.js";
import { UserError } from "../util/errors.js";
import { answerExam, type ExamQuestion } from "./answerExam.js";
import { answerHealthQuestion } from "./answerHealthQuestion.js";
import { describeDisease } from "./describeDisease.js";
import { differentialDiagnosis } from "./differentialDiagnosis.js";
import { taskNames, type TaskAnswer, type TaskCallOptions, type TaskName } from "./TaskAnswer.js";

/** One task request, as the server and the CLI receive it. */
export type TaskRequest =
    | { task: "exam"; question: string; options: readonly string[] }
    | { task: "health"; question: string }
    | { task: "disease"; disease: string }
    | { task: "differential"; case: string };

export function isTaskName(value: unknown): value is TaskName {
    return typeof value === "string" && (taskNames as readonly string[]).includes(value);
}

/** Runs any of the four tasks from one request object. */
export async function runTask(model: LanguageModel, request: TaskRequest, options: TaskCallOptions = {}): Promise<TaskAnswer<unknown>> {
    switch (request.task) {
        case "exam": {
            const exam: ExamQuestion = { question: request.question, options: request.options };
            return answerExam(model, exam, options);
        }
        case "health":
            return answerHealthQuestion(model, request.question, options);
        case "disease":
            return describeDisease(model, request.disease, options);
        case "differential":
            return differentialDiagnosis(model, request.case, options);
        default:
            request satisfies never;
            throw new UserError("unknown task", { expected: taskNames.join(", "), found: JSON.stringify((request as { task: unknown }).task) });
    }
}

/**
 * A task request from a task name, one text and (exam) the options, as the CLI takes them:
 * the text is the question, the disease name or the case description.
 */
export function taskRequestFromFlags(task: string, text: string, options: readonly string[] = []): TaskRequest {
    if (!isTaskName(task)) throw new UserError("unknown task", { expected: taskNames.join(", "), found: JSON.stringify(task) });
    switch (task) {
        case "exam":
            if (options.length < 2) throw new UserError("an exam question needs its options", { expected: "--option A --option B ... (2 to 10)", found: `${options.length} option(s)` });
            return { task, question: text, options };
        case "health":
            return { task, question: text };
        case "disease":
            return { task, disease: text };
        case "differential":
            return { task, case: text };
        default:
            return task satisfies never;
    }
}
