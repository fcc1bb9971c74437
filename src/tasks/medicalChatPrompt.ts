/**
 * The FastChat `zero_shot_medical` format MediTron was deployed with (meditron-system.md §6):
 * Llama-2's default system message, then `### User:` / `### Assistant:` turns.
 */
const systemMessage =
    "You are a helpful, respectful, and honest assistant. Always answer as helpfully as possible while being safe. Your answers should not include any harmful, unethical, racist, sexist, toxic, dangerous, or illegal content. Please ensure that your responses are socially unbiased and positive in nature.\n\nIf a question does not make any sense, or is not factually coherent, explain why instead of answering something not correct. If you don't know the answer to a question, please don't share false information.";

/** Stop strings of the format: a new turn marker ends the answer. */
export const medicalChatStop: readonly string[] = ["</s>", "###", "Assistant:", "User:"];

/** Renders one user question (with an optional extra instruction in the system part). */
export function medicalChatPrompt(question: string, instruction?: string): string {
    const system = instruction === undefined ? systemMessage : `${systemMessage}\n\n${instruction}`;
    return `${system}\n### User: ${question.trim()}\n### Assistant:`;
}
