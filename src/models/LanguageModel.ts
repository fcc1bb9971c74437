import type { Prompt } from "./Prompt.js";

/**
 * The one contract every model backend implements (llama.cpp in-process, remote
 * OpenAI-compatible engines). Tasks, evaluation, the server and the safety judge only ever
 * see this interface, never a backend.
 *
 * Backends declare what they can do in {@link ModelCapabilities}; callers check a capability
 * before relying on it (the evaluation harness refuses a protocol up front when a needed
 * capability is missing) and a backend throws {@link UnsupportedCapabilityError} otherwise.
 */
export interface LanguageModel {
    /** Identity of the model, recorded in every result file. */
    readonly info: ModelInfo;
    readonly capabilities: ModelCapabilities;

    /**
     * Generate a continuation of `prompt`. Text streams through `options.onText` as it is produced;
     * the promise resolves with the whole generation. Aborting `options.signal` stops generation
     * and resolves with what was produced so far and `finishReason: "abort"`.
     */
    generate(prompt: Prompt, options?: GenerateOptions): Promise<Generation>;

    /**
     * The probability distribution of the next token after `prompt` (BOS is prepended by local
     * backends). With `candidates`, the result also holds the probability of each candidate
     * string's first token, as the token it gets when appended right after the prompt.
     */
    nextTokenDistribution(prompt: Prompt, options?: NextTokenOptions): Promise<NextTokenDistribution>;

    /**
     * Log-likelihood of each continuation given the prompt (the lm-evaluation-harness
     * `loglikelihood` request): sum of the log-probabilities of the continuation's tokens.
     */
    scoreContinuations(prompt: Prompt, continuations: readonly string[], options?: { signal?: AbortSignal }): Promise<ContinuationScore[]>;

    /** Token ids of `text`. `specialTokens` parses control-token strings; off by default. */
    tokenize(text: string, options?: { specialTokens?: boolean }): Promise<number[]>;
    detokenize(tokens: readonly number[]): Promise<string>;

    /** Frees native memory / connections. The model is unusable afterwards. */
    dispose(): Promise<void>;
}

export interface ModelInfo {
    /** "llama-cpp" or "openai-compatible". */
    readonly backend: string;
    /** Human name (file name without extension, registry name, or remote model id). */
    readonly name: string;
    /** Where it came from: a file path or a base URL. */
    readonly source: string;
    /** sha256 of the model file when known (local files: computed lazily and cached by the caller). */
    readonly sha256?: string;
    readonly contextSize?: number;
    readonly vocabularySize?: number;
    /** Free-form details (architecture, quantization, parameter count). */
    readonly details?: Readonly<Record<string, string | number | boolean>>;
}

export interface ModelCapabilities {
    /** Full next-token distribution over the vocabulary (local) or only its top entries (remote `top_logprobs`). */
    readonly nextTokenDistribution: "full" | "top" | "none";
    /** Log-likelihood of given continuations (local; remote only where the server supports `echo` + `logprobs`). */
    readonly scoreContinuations: boolean;
    /** Per generated token log-probabilities. */
    readonly generationLogprobs: boolean;
    /** Token ids in and out (local; remote only where the server has /tokenize). */
    readonly tokenize: boolean;
    /** JSON-schema constrained decoding. */
    readonly jsonSchema: boolean;
    /** Requests that can run at the same time without queueing. */
    readonly parallelism: number;
}

export type Capability = keyof Omit<ModelCapabilities, "parallelism" | "nextTokenDistribution"> | "nextTokenDistribution";

export interface GenerateOptions {
    /** Defaults to 256. */
    maxTokens?: number;
    /** 0 means greedy. Defaults to 0. */
    temperature?: number;
    topP?: number;
    topK?: number;
    minP?: number;
    seed?: number;
    /** Generation stops before any of these strings; they are not included in the text. */
    stop?: readonly string[];
    frequencyPenalty?: number;
    presencePenalty?: number;
    repeatPenalty?: number;
    /** Constrain the output to JSON matching this schema (capability `jsonSchema`). */
    jsonSchema?: object;
    /** Return the log-probability of each generated token and this many alternatives. */
    logprobs?: number;
    signal?: AbortSignal;
    /** Called with each new piece of text as soon as it is decoded. */
    onText?: (text: string) => void;
}

export interface Generation {
    readonly text: string;
    readonly finishReason: "stop" | "length" | "abort";
    readonly usage: { readonly promptTokens: number; readonly completionTokens: number };
    /** Present when `logprobs` was requested. */
    readonly tokens?: readonly GeneratedToken[];
}

export interface GeneratedToken {
    readonly text: string;
    readonly logprob: number;
    readonly top: readonly { readonly text: string; readonly logprob: number }[];
}

export interface NextTokenOptions {
    /** Strings whose first token's probability is wanted (for example [" A", " B", " C", " D"]). */
    candidates?: readonly string[];
    /** How many of the most likely tokens to return. Defaults to 10. */
    topK?: number;
    signal?: AbortSignal;
}

export interface NextTokenDistribution {
    /** Most likely tokens, highest first. */
    readonly top: readonly { readonly token: number | null; readonly text: string; readonly prob: number }[];
    /**
     * Probability of each candidate (same order as `options.candidates`); `null` where the backend
     * could not see it (a remote server whose top list does not include it).
     */
    readonly candidates: readonly (number | null)[];
    readonly promptTokens: number;
}

export interface ContinuationScore {
    /** Sum of log-probabilities of the continuation tokens. */
    readonly logprob: number;
    /** Whether greedy decoding would have produced exactly this continuation. */
    readonly isGreedy: boolean;
    readonly tokenCount: number;
}

export class UnsupportedCapabilityError extends Error {
    constructor(readonly capability: string, readonly backend: string, hint?: string) {
        super(`the ${backend} backend cannot do "${capability}"${hint ? `: ${hint}` : ""}`);
        this.name = "UnsupportedCapabilityError";
    }
}

/** Throws a clear error unless the model can do what the caller needs. */
export function requireCapability(model: LanguageModel, capability: Capability, hint?: string): void {
    const value = model.capabilities[capability];
    const ok = capability === "nextTokenDistribution" ? value !== "none" : value === true;
    if (!ok) throw new UnsupportedCapabilityError(capability, model.info.backend, hint);
}

/**
 * Optional backend extension: the log-probability of every prompt token given the tokens before
 * it, from one evaluation of the prompt (what `/v1/completions` with `echo` + `logprobs` returns
 * and lm-evaluation-harness sums for log-likelihood requests). Callers detect it structurally
 * (see {@link hasPromptTokenScorer}); backends without it are scored one token at a time through
 * `scoreContinuations`.
 *
 * The result has one entry per given token. `tokens` are evaluated after BOS when the model
 * wants one and they do not start with it; an entry's `logprob` is null only where the token
 * has nothing before it.
 */
export interface PromptTokenScorer {
    scorePromptTokens(tokens: readonly number[], options: { topK: number; signal?: AbortSignal }): Promise<readonly PromptTokenScore[]>;
}

/** One scored prompt token. */
export interface PromptTokenScore {
    /** The token id, when the backend reports it. */
    readonly token?: number;
    /** log P(token | tokens before it); null for a token without context (the first / BOS). */
    readonly logprob: number | null;
    /** The most likely tokens at this position, highest first (up to `topK`). */
    readonly top: readonly { readonly token?: number; readonly text: string; readonly logprob: number }[];
    /** Whether the token is the most likely one at its position (lm-eval's "is greedy"). */
    readonly isGreedy?: boolean;
}

/** Whether `model` scores prompt tokens in one pass ({@link PromptTokenScorer}). */
export function hasPromptTokenScorer<M extends LanguageModel>(model: M): model is M & PromptTokenScorer {
    return typeof (model as Partial<PromptTokenScorer>).scorePromptTokens === "function";
}
