import { text } from "../../models/Prompt.js";
import { checkChatHistory, type ChatHistory, type PromptFormat, type RenderedPrompt } from "./PromptFormat.js";

/**
 * No template: the model continues the text itself. The system message (if any) and the messages
 * are joined with newlines; a single question is sent exactly as typed. No stop strings.
 */
export const rawFormat: PromptFormat = {
    name: "raw",
    description: "no template: the text is sent as is and the model continues it",
    render(history: ChatHistory): RenderedPrompt {
        checkChatHistory(history, "raw");
        const pieces = [...(history.system !== undefined && history.system.length > 0 ? [history.system] : []), ...history.messages.map((message) => message.content)];
        return { prompt: [text(pieces.join("\n"))], stop: [] };
    }
};
