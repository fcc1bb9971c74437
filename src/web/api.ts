/**
 * The web app's view of the server API. At runtime the front end talks HTTP only; the wire types
 * the library already defines in files without runtime imports are shared with `import type`
 * (erased by the build, so no library code reaches the bundle).
 */

import type { ConversationSummary as ServerConversationSummary, StoredMessage as ServerStoredMessage } from "../server/ConversationRecords.js";
import type { RankedDiagnosis } from "../tasks/RankedDiagnosis.js";
import type { SafetyDecision } from "../safety/SafetyDecision.js";
import type { TaskAnswer as LibraryTaskAnswer, TaskName } from "../tasks/TaskAnswer.js";

export type { EvaluationRunSummary } from "../server/EvaluationRunSummary.js";
export type { RankedDiagnosis, SafetyDecision, TaskName };

/** A task answer as `POST /v1/meditron/answer` sends it; `result` is whichever task's structured data. */
export type TaskAnswer = LibraryTaskAnswer<{ letter?: string; probabilities?: Record<string, number>; rationale?: string; diagnoses?: RankedDiagnosis[] }>;

export type ConversationSummary = ServerConversationSummary<TaskName>;
export type StoredMessage = ServerStoredMessage<TaskName, TaskAnswer | null>;

export interface ServerInfo {
    model: { name: string; backend: string; source: string; contextSize?: number; details?: Record<string, unknown> };
    capabilities: Record<string, unknown>;
    tasks: TaskName[];
    disclaimer: string;
    safety: boolean;
    history: boolean;
    settings: Record<string, string | number | boolean>;
}

const keyStorage = "meditron.apiKey";

export function getApiKey(): string {
    return localStorage.getItem(keyStorage) ?? "";
}

export function setApiKey(key: string): void {
    if (key === "") localStorage.removeItem(keyStorage);
    else localStorage.setItem(keyStorage, key);
}

/** An API error with the server's message (OpenAI error shape). */
export class ApiCallError extends Error {
    constructor(readonly status: number, message: string) {
        super(message);
    }
}

function headers(json: boolean): HeadersInit {
    const key = getApiKey();
    return { ...(json ? { "Content-Type": "application/json" } : {}), ...(key === "" ? {} : { Authorization: `Bearer ${key}` }) };
}

async function check(response: Response): Promise<Response> {
    if (response.ok) return response;
    let message = `${response.status} ${response.statusText}`;
    try {
        const body = (await response.json()) as { error?: { message?: string } };
        if (body.error?.message) message = body.error.message;
    } catch {
        // keep the status line
    }
    throw new ApiCallError(response.status, message);
}

export async function getJson<T>(path: string): Promise<T> {
    return (await (await check(await fetch(path, { headers: headers(false) }))).json()) as T;
}

export async function sendJson<T>(method: "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
    const response = await check(await fetch(path, { method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) }));
    return (await response.json()) as T;
}

/**
 * Asks for a task answer with streaming: `onText` gets each piece of text as it is generated,
 * and the promise resolves with the whole answer.
 */
export async function streamAnswer(request: Record<string, unknown>, onText: (text: string) => void, signal?: AbortSignal): Promise<TaskAnswer> {
    const response = await check(
        await fetch("/v1/meditron/answer", { method: "POST", headers: headers(true), body: JSON.stringify({ ...request, stream: true }), signal })
    );
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    let answer: TaskAnswer | undefined;
    for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
            const event = buffer.slice(0, end).trim();
            buffer = buffer.slice(end + 2);
            if (!event.startsWith("data: ")) continue;
            const data = event.slice(6);
            if (data === "[DONE]") continue;
            const parsed = JSON.parse(data) as { type?: string; text?: string; answer?: TaskAnswer; error?: { message: string } };
            if (parsed.error) throw new ApiCallError(500, parsed.error.message);
            if (parsed.type === "text" && parsed.text) onText(parsed.text);
            if (parsed.type === "answer") answer = parsed.answer;
        }
    }
    if (answer === undefined) throw new ApiCallError(500, "the answer stream ended early");
    return answer;
}
