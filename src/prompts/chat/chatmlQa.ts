import { special, text, type PromptPart } from "../../models/Prompt.js";
import { checkChatHistory, type ChatHistory, type PromptFormat, type RenderedPrompt } from "./PromptFormat.js";

const imStart = special("<|im_start|>");
const imEnd = special("<|im_end|>");

/**
 * The task-finetuned MediTron models' template (Megatron-LLM `format_message`, as in
 * evaluation/inference.py): `<|im_start|>question\n{prompt}<|im_end|>\n<|im_start|>answer\n`.
 * A system message, when given, comes first as `<|im_start|>system\n{system}<|im_end|>\n`
 * (`--system_key`; the released SFT runs used none). Earlier turns repeat the question/answer
 * pairs. Stops at `<|im_end|>`/`<|im_start|>` and at "###", which ends the fine-tuning targets
 * of the chain-of-thought models ("The answer is: B ###").
 */
export const chatmlQa: PromptFormat = {
    name: "chatml-qa",
    description: "task-finetuned MediTron models: <|im_start|>question … <|im_end|> <|im_start|>answer",
    render(history: ChatHistory): RenderedPrompt {
        checkChatHistory(history, "chatml-qa");
        const parts: PromptPart[] = [];
        if (history.system !== undefined && history.system.length > 0) {
            parts.push(imStart, text(`system\n${history.system}`), imEnd, text("\n"));
        }
        for (const message of history.messages) {
            const role = message.role === "user" ? "question" : "answer";
            parts.push(imStart, text(`${role}\n${message.content}`), imEnd, text("\n"));
        }
        parts.push(imStart, text("answer\n"));
        return { prompt: parts, stop: ["<|im_end|>", "<|im_start|>", "###"] };
    }
};
