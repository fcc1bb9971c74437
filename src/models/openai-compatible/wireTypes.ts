/**
 * The parts of the OpenAI wire format this backend reads. Everything is optional because
 * "OpenAI-compatible" servers (vLLM, llama.cpp, Ollama, LM Studio, meditron serve) differ in what
 * they fill in.
 */

/** Legacy `/v1/completions` logprobs: parallel arrays, one entry per token. */
export interface CompletionLogprobsWire {
    readonly tokens?: readonly string[];
    readonly token_logprobs?: readonly (number | null)[];
    readonly top_logprobs?: readonly (Readonly<Record<string, number>> | null)[] | null;
    readonly text_offset?: readonly number[];
}

/** `/v1/chat/completions` logprobs: one object per token. */
export interface ChatLogprobsWire {
    readonly content?: readonly {
        readonly token: string;
        readonly logprob: number;
        readonly top_logprobs?: readonly { readonly token: string; readonly logprob: number }[];
    }[] | null;
}

export interface ChoiceWire {
    readonly text?: string;
    readonly message?: { readonly content?: string | null };
    readonly delta?: { readonly content?: string | null };
    readonly finish_reason?: string | null;
    readonly logprobs?: (CompletionLogprobsWire & ChatLogprobsWire) | null;
}

export interface UsageWire {
    readonly prompt_tokens?: number;
    readonly completion_tokens?: number;
}

export interface CompletionResponseWire {
    readonly choices?: readonly ChoiceWire[];
    readonly usage?: UsageWire | null;
    readonly error?: unknown;
}

export interface ModelListWire {
    readonly data?: readonly { readonly id?: string }[];
    readonly models?: readonly { readonly id?: string; readonly name?: string; readonly model?: string }[];
}
