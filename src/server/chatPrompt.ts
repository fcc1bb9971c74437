import type { Prompt } from "../models/Prompt.js";
import type { PromptFormat } from "../prompts/chat/PromptFormat.js";
import { isUserError } from "../util/errors.js";
import { ApiError, invalidField } from "./ApiError.js";

/** A chat message after validation: the role and its text. */
export interface ChatMessage {
    role: "system" | "developer" | "user" | "assistant";
    content: string;
}

/** Renders an OpenAI conversation into one prompt plus the format's stop strings. */
export interface ChatFormat {
    readonly name: string;
    render(messages: readonly ChatMessage[]): { prompt: Prompt; stop: readonly string[] };
}

/**
 * Adapts one of MediTron's prompt formats (src/prompts/chat) to OpenAI messages: system and
 * developer messages become the format's system message (replacing its default), the rest are
 * the turns. A conversation the format cannot render (say, ending with an assistant turn) is a
 * 400 naming `messages`.
 */
export function chatFormatFrom(format: PromptFormat): ChatFormat {
    return {
        name: format.name,
        render(messages) {
            const systemParts = messages.filter((m) => m.role === "system" || m.role === "developer").map((m) => m.content);
            const turns = messages.flatMap((m) => (m.role === "user" || m.role === "assistant" ? [{ role: m.role, content: m.content }] : []));
            try {
                return format.render({ ...(systemParts.length > 0 ? { system: systemParts.join("\n\n") } : {}), messages: turns });
            } catch (error) {
                if (isUserError(error)) throw invalidField("messages", error.message);
                throw error;
            }
        }
    };
}

const roles = new Set(["system", "developer", "user", "assistant"]);

/** Validates `messages` (OpenAI shape; content as a string or text parts) and names the bad field. */
export function readMessages(value: unknown): ChatMessage[] {
    if (!Array.isArray(value) || value.length === 0) {
        throw invalidField("messages", "`messages` is required: a non-empty array of {role, content}");
    }
    return value.map((item: unknown, index) => {
        const path = `messages[${index}]`;
        if (typeof item !== "object" || item === null || Array.isArray(item)) throw invalidField(path, `\`${path}\` must be an object with role and content`);
        const { role, content } = item as { role?: unknown; content?: unknown };
        if (typeof role !== "string" || !roles.has(role)) {
            throw invalidField(`${path}.role`, `\`${path}.role\` must be one of system, developer, user, assistant; found ${JSON.stringify(role)}`);
        }
        return { role: role as ChatMessage["role"], content: readContent(content, `${path}.content`) };
    });
}

function readContent(content: unknown, path: string): string {
    if (typeof content === "string") return content;
    if (Array.isArray(content)) {
        return content
            .map((part: unknown, index) => {
                const text = (part as { type?: unknown; text?: unknown } | null)?.text;
                if ((part as { type?: unknown } | null)?.type !== "text" || typeof text !== "string") {
                    throw new ApiError(400, `\`${path}[${index}]\` must be a text part {type: "text", text}; images and audio are not supported`, {
                        param: `${path}[${index}]`,
                        code: "unsupported_content"
                    });
                }
                return text;
            })
            .join("");
    }
    throw invalidField(path, `\`${path}\` must be a string or an array of text parts`);
}
