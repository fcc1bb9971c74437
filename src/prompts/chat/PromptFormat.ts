import type { Prompt } from "../../models/Prompt.js";
import { UserError } from "../../util/errors.js";

export type ChatRole = "user" | "assistant";

export interface ChatMessage {
    readonly role: ChatRole;
    readonly content: string;
}

/** A conversation to render: an optional system message and turns ending with the user's. */
export interface ChatHistory {
    /** Replaces the format's default system message; "" means none. */
    readonly system?: string;
    readonly messages: readonly ChatMessage[];
}

/** What a format produces: the prompt to send and the strings that end the model's answer. */
export interface RenderedPrompt {
    readonly prompt: Prompt;
    readonly stop: readonly string[];
}

/**
 * A chat/prompt format: how MediTron expects a conversation to be laid out. Control tokens are
 * `special` prompt parts; everything that came from the user stays `text`, so it can never be
 * read as a control token.
 */
export interface PromptFormat {
    /** Selectable name, e.g. "meditron-one-shot". */
    readonly name: string;
    /** One line for `--help` and the docs. */
    readonly description: string;
    /** System message used when the history gives none (undefined: the format has no default). */
    readonly defaultSystem?: string;
    render(history: ChatHistory): RenderedPrompt;
}

/** Throws a UserError unless the history is non-empty and ends with a user message. */
export function checkChatHistory(history: ChatHistory, formatName: string): void {
    const last = history.messages.at(-1);
    if (last === undefined) {
        throw new UserError(`nothing to render with the ${formatName} format`, { expected: "at least one user message", found: "an empty conversation" });
    }
    if (last.role !== "user") {
        throw new UserError(`the ${formatName} format renders a prompt for the assistant's next answer`, { expected: "a conversation ending with a user message", found: `a final ${last.role} message` });
    }
    for (const message of history.messages) {
        if (message.role !== "user" && message.role !== "assistant") {
            throw new UserError("invalid chat message role", { expected: "\"user\" or \"assistant\"", found: JSON.stringify(message.role) });
        }
    }
}
