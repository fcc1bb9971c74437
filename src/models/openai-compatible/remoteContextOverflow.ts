import { ContextOverflowError } from "../ContextOverflowError.js";
import type { RemoteApiError } from "./RemoteApiError.js";

/**
 * The {@link ContextOverflowError} a remote server's HTTP 400 stands for, or undefined when the
 * 400 is about something else. Servers say it in their own words: vLLM and OpenAI "This model's
 * maximum context length is 2048 tokens. However, you requested 2330 tokens", llama.cpp server
 * "the request exceeds the available context size" (with `n_prompt_tokens` / `n_ctx`).
 */
export function remoteContextOverflow(error: RemoteApiError): ContextOverflowError | undefined {
    if (error.status !== 400) return undefined;
    const text = `${error.message} ${error.body ?? ""}`;
    if (!/maximum context length|context length|context window|context size|too long/i.test(text)) return undefined;
    return new ContextOverflowError(error.message, {
        contextSize: firstNumber(text, [/maximum context length is (\d+)/i, /"n_ctx"\s*:\s*(\d+)/]),
        promptTokens: firstNumber(text, [/"n_prompt_tokens"\s*:\s*(\d+)/, /(?:requested|resulted in) (\d+) tokens/i]),
        fix: "shorten the prompt (fewer shots or a shorter question), or serve the model with a larger context",
        cause: error
    });
}

function firstNumber(text: string, patterns: readonly RegExp[]): number | undefined {
    for (const pattern of patterns) {
        const match = pattern.exec(text);
        if (match !== null) return Number(match[1]);
    }
    return undefined;
}
