import type { Context } from "hono";
import { ContextOverflowError } from "../../models/ContextOverflowError.js";
import { runTask, isTaskName, type TaskRequest } from "../../tasks/runTask.js";
import { taskNames, type TaskAnswer } from "../../tasks/TaskAnswer.js";
import { isUserError } from "../../util/errors.js";
import { ApiError, invalidField } from "../ApiError.js";
import type { AppEnv } from "../AppEnv.js";
import { optionalBoolean, optionalNumber, optionalString, requiredString, requireObject, type JsonObject } from "../readFields.js";
import { abortError, requestSignal, withSlot } from "../requestSignal.js";
import type { ServerContext } from "../ServerContext.js";
import { streamInSlot } from "../streamInSlot.js";

/** Reads the task-specific fields of a /v1/meditron/answer body. */
export function readTaskRequest(body: JsonObject): TaskRequest {
    const task = body.task;
    if (!isTaskName(task)) throw invalidField("task", `\`task\` must be one of ${taskNames.join(", ")}; found ${JSON.stringify(task)}`);
    switch (task) {
        case "exam": {
            const question = requiredString(body, "question");
            const options = body.options;
            if (!Array.isArray(options) || options.length < 2 || options.length > 10) {
                throw invalidField("options", "`options` is required for the exam task: an array of 2 to 10 answer options");
            }
            options.forEach((option: unknown, index) => {
                if (typeof option !== "string" || option.trim() === "") throw invalidField(`options[${index}]`, `\`options[${index}]\` must be a non-empty string`);
            });
            return { task, question, options: options as string[] };
        }
        case "health":
            return { task, question: requiredString(body, "question") };
        case "disease":
            return { task, disease: requiredString(body, "disease") };
        case "differential":
            return { task, case: requiredString(body, "case") };
        default:
            return task satisfies never;
    }
}

function userText(request: TaskRequest): string {
    switch (request.task) {
        case "exam":
            return `${request.question}\n${request.options.map((o, i) => `${String.fromCharCode(65 + i)}. ${o}`).join("\n")}`;
        case "health":
            return request.question;
        case "disease":
            return request.disease;
        case "differential":
            return request.case;
        default:
            return request satisfies never;
    }
}

/**
 * POST /v1/meditron/answer: one of the four MediTron tasks. Without `stream` the answer is one
 * JSON object (`object: "meditron.answer"`); with `stream: true` it is SSE: `{"type":"text"}`
 * events as the answer is generated, then one `{"type":"answer"}` event with the whole answer.
 * With `conversation_id` the question and answer are appended to that stored conversation.
 */
export async function meditronAnswer(c: Context<AppEnv>, context: ServerContext, body: unknown): Promise<Response> {
    const request = requireObject(body);
    const taskRequest = readTaskRequest(request);
    const stream = optionalBoolean(request, "stream") ?? false;
    const maxTokens = optionalNumber(request, "max_tokens", { min: 1, max: 4096, integer: true });
    const temperature = optionalNumber(request, "temperature", { min: 0, max: 2 });
    const topP = optionalNumber(request, "top_p", { min: Number.MIN_VALUE, max: 1 });
    const seed = optionalNumber(request, "seed", { min: 0, max: 2 ** 32 - 1, integer: true });
    const conversationId = optionalString(request, "conversation_id");
    if (conversationId !== undefined && (context.conversations === undefined || !context.conversations.has(conversationId))) {
        throw new ApiError(404, `no conversation ${JSON.stringify(conversationId)}`, { param: "conversation_id", code: "conversation_not_found" });
    }
    const track = c.get("track");
    track.task = taskRequest.task;
    const model = context.model;
    const object = "meditron.answer";

    const run = async (signal: AbortSignal, onText?: (text: string) => void): Promise<TaskAnswer<unknown>> => {
        try {
            return await runTask(model, taskRequest, { maxTokens, temperature, topP, seed, signal, onText, safety: context.safety });
        } catch (error) {
            // A question too long for the context is a 400 context_length_exceeded, as on the OpenAI routes.
            if (error instanceof ContextOverflowError) throw new ApiError(400, error.message, { code: "context_length_exceeded", param: inputField(taskRequest) });
            // Other task input problems (and a cut-off differential) are the caller's to fix: 4xx, not 500.
            if (isUserError(error)) throw new ApiError(422, error.message, { code: "task_failed", param: "task" });
            throw error;
        }
    };
    const save = (answer: TaskAnswer<unknown>) => {
        if (conversationId === undefined || context.conversations === undefined) return;
        context.conversations.append(conversationId, { role: "user", task: taskRequest.task, content: userText(taskRequest) });
        context.conversations.append(conversationId, { role: "assistant", task: taskRequest.task, content: answer.text, answer });
    };
    const account = (answer: TaskAnswer<unknown>) => {
        track.addUsage(answer.usage);
        context.metrics.recordTokens({ ...answer.usage });
    };

    if (!stream) {
        const signal = requestSignal(context, c.req.raw.signal);
        const answer = await withSlot(context, signal, () => run(signal));
        account(answer);
        if (signal.aborted) throw abortError(signal, context);
        save(answer);
        return c.json({ object, ...answer });
    }

    return streamInSlot(c, context, async (send, signal) => {
        const answer = await run(signal, (text) => {
            if (text === "") return;
            track.markFirstText();
            send({ type: "text", text });
        });
        account(answer);
        if (signal.aborted) return;
        save(answer);
        send({ type: "answer", answer: { object, ...answer } });
    });
}

/** The request field holding the task's text (named in a context_length_exceeded error). */
function inputField(request: TaskRequest): string {
    return "disease" in request ? "disease" : "case" in request ? "case" : "question";
}
