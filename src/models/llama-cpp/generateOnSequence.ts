import type { LlamaGrammarEvaluationState, LlamaModel, SequenceEvaluateOptions, Token } from "node-llama-cpp";
import type { GeneratedToken, Generation } from "../LanguageModel.js";
import type { SequenceLease } from "./SequencePool.js";
import { StopStringMatcher } from "./StopStringMatcher.js";
import { TokenTextDecoder } from "./TokenTextDecoder.js";
import type { GenerateSettings } from "./validateGenerateOptions.js";

export interface GenerationJob {
    readonly model: LlamaModel;
    readonly lease: SequenceLease;
    /** Prompt tokens, BOS included. */
    readonly tokens: readonly Token[];
    readonly settings: GenerateSettings;
    /** `settings.maxTokens` capped by the room left in the context. */
    readonly maxTokens: number;
    readonly seed?: number;
    readonly grammarState?: LlamaGrammarEvaluationState;
    readonly signal?: AbortSignal;
    readonly onText?: (text: string) => void;
    readonly countGenerated: (tokens: number) => void;
}

/**
 * The generation loop on one leased sequence: reuse the evaluated prefix, evaluate the rest of the
 * prompt, then sample token by token (llama.cpp's sampler chain does temperature, top-k/p, min-p,
 * penalties and the JSON grammar), decoding text incrementally and cutting at stop strings.
 *
 * Ends on an end-of-generation token or a stop string ("stop"), on `maxTokens` ("length") or when
 * the signal aborts ("abort"). The token sampled last is never evaluated into the context, which is
 * what the next request on this sequence expects.
 */
export async function generateOnSequence(job: GenerationJob): Promise<Generation> {
    const { model, lease, tokens, settings, signal } = job;
    const usage = (completionTokens: number) => ({ promptTokens: tokens.length, completionTokens });
    if (job.maxTokens <= 0) return { text: "", finishReason: "length", usage: usage(0) };
    if (signal?.aborted) return { text: "", finishReason: "abort", usage: usage(0) };

    const kept = await lease.reusePrefix(tokens, tokens.length - 1);
    const generated: Token[] = [];
    const decoder = new TokenTextDecoder(model, tokens);
    const stops = new StopStringMatcher(settings.stop);
    const wantLogprobs = settings.logprobs >= 0;
    const tokenLogprobs: GeneratedToken[] = [];
    let text = "";
    let finishReason: Generation["finishReason"] = "stop";
    let stoppedByString = false;

    const emit = (piece: string): void => {
        if (piece.length === 0) return;
        text += piece;
        job.onText?.(piece);
    };

    const iterator = lease.sequence.evaluateWithMetadata([...tokens.slice(kept)], { probabilities: wantLogprobs }, samplingOptions(job, generated));
    try {
        for await (const output of iterator) {
            if (signal?.aborted) {
                finishReason = "abort";
                break;
            }
            const token = output.token;
            generated.push(token);
            if (wantLogprobs) {
                const previous = generated.length >= 2 ? (generated[generated.length - 2] as Token) : (tokens[tokens.length - 1] as Token);
                tokenLogprobs.push(describeToken(model, token, previous, (output as { probabilities?: Map<Token, number> }).probabilities, settings.logprobs));
            }
            const { emit: safeText, stopped } = stops.push(decoder.push(token));
            emit(safeText);
            if (stopped) {
                stoppedByString = true;
                finishReason = "stop";
                break;
            }
            if (generated.length >= job.maxTokens) {
                finishReason = "length";
                break;
            }
        }
    } finally {
        await iterator.return();
        job.countGenerated(generated.length);
    }

    if (!stoppedByString) {
        const rest = stops.push(decoder.flush());
        emit(rest.emit);
        if (!rest.stopped) emit(stops.flush().emit);
        else finishReason = finishReason === "abort" ? "abort" : "stop";
    }
    return {
        text,
        finishReason,
        usage: usage(generated.length),
        ...(wantLogprobs ? { tokens: tokenLogprobs } : {})
    };
}

function samplingOptions(job: GenerationJob, generated: Token[]): SequenceEvaluateOptions {
    const { settings } = job;
    const penalize = settings.repeatPenalty !== 1 || settings.frequencyPenalty !== 0 || settings.presencePenalty !== 0;
    return {
        temperature: settings.temperature,
        topK: settings.topK,
        topP: settings.topP,
        minP: settings.minP,
        // An explicit random seed: node-llama-cpp's fallback is the current second, which would give
        // parallel requests the same samples.
        seed: job.seed ?? Math.floor(Math.random() * 2 ** 31),
        grammarEvaluationState: job.grammarState,
        // Like vLLM, penalties count generated tokens only.
        repeatPenalty: penalize
            ? {
                punishTokens: () => generated,
                maxPunishTokens: Math.max(1, job.maxTokens),
                penalty: settings.repeatPenalty,
                frequencyPenalty: settings.frequencyPenalty,
                presencePenalty: settings.presencePenalty
            }
            : undefined
    };
}

/**
 * Log-probability of the sampled token and the most likely alternatives. The probabilities are
 * those llama.cpp sampled from: the plain softmax when greedy, the truncated and
 * temperature-scaled distribution otherwise.
 */
function describeToken(model: LlamaModel, token: Token, previous: Token, probabilities: Map<Token, number> | undefined, alternatives: number): GeneratedToken {
    // The previous token as detokenizer context keeps each token's leading space.
    const textOf = (candidate: Token): string => model.detokenize([candidate], true, [previous]);
    const top: { text: string; logprob: number }[] = [];
    if (probabilities !== undefined) {
        for (const [candidate, prob] of probabilities) {
            if (top.length >= alternatives) break;
            top.push({ text: textOf(candidate), logprob: Math.log(prob) });
        }
    }
    return { text: textOf(token), logprob: Math.log(probabilities?.get(token) ?? 0), top };
}
