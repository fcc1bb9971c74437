import type { Prompt } from "../models/Prompt.js";
import { meditronOneShot } from "../prompts/chat/meditronOneShot.js";

/**
 * A single question in MediTron's deployed chat format (meditron-one-shot: the Llama-2 system
 * message and the listeriosis exemplar), with an optional extra instruction after the system
 * message. Returns the prompt and the format's stop strings.
 */
export function medicalChatPrompt(question: string, instruction?: string): { prompt: Prompt; stop: readonly string[] } {
    const system = instruction === undefined ? undefined : `${meditronOneShot.defaultSystem ?? ""}\n\n${instruction}`.trim();
    return meditronOneShot.render({ ...(system === undefined ? {} : { system }), messages: [{ role: "user", content: question.trim() }] });
}
