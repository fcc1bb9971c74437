import type { Generation } from "../../models/LanguageModel.js";

/** OpenAI finish_reason: "length" when max_tokens cut it, "stop" otherwise (an aborted stream has no reader). */
export function finishReasonOf(generation: Generation): "stop" | "length" {
    return generation.finishReason === "length" ? "length" : "stop";
}
