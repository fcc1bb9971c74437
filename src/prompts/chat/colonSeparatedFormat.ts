import { text } from "../../models/Prompt.js";
import { checkChatHistory, type ChatHistory, type ChatMessage, type PromptFormat, type RenderedPrompt } from "./PromptFormat.js";
import { MEDITRON_SYSTEM_MESSAGE } from "./meditronSystemMessages.js";

/** Stop strings of the paper's chat format, verbatim (`"<\s>"` is the paper's spelling of `</s>`). */
export const MEDITRON_CHAT_STOP = ["<\\s>", "###", "Assistant:", "User:"] as const;

const separator = "\n### ";
const roleNames = { user: "User", assistant: "Assistant" } as const;

/**
 * FastChat's `SeparatorStyle.ADD_COLON_SINGLE` with `sep="\n### "` and roles User/Assistant:
 * `system + sep + "User: " + q + sep + "Assistant: " + a + sep + … + "Assistant:"`.
 * Everything is plain text (no control tokens); the backend prepends BOS.
 */
export function colonSeparatedFormat(spec: { name: string; description: string; exemplar: readonly ChatMessage[] }): PromptFormat {
    return {
        name: spec.name,
        description: spec.description,
        defaultSystem: MEDITRON_SYSTEM_MESSAGE,
        render(history: ChatHistory): RenderedPrompt {
            checkChatHistory(history, spec.name);
            const system = history.system ?? MEDITRON_SYSTEM_MESSAGE;
            let rendered = system + separator;
            for (const message of [...spec.exemplar, ...history.messages]) {
                rendered += `${roleNames[message.role]}: ${message.content}${separator}`;
            }
            rendered += `${roleNames.assistant}:`;
            return { prompt: [text(rendered)], stop: MEDITRON_CHAT_STOP };
        }
    };
}
