import {
    LlamaGrammarEvaluationState, type Llama, type LlamaContext, type LlamaGrammar, type LlamaModel, type Token,
    type ControlledEvaluateInputItem, type GbnfJsonSchema
} from "node-llama-cpp";
import type {
    ContinuationScore, GenerateOptions, Generation, LanguageModel, ModelCapabilities, ModelInfo, NextTokenDistribution, NextTokenOptions,
    PromptTokenScore, PromptTokenScorer
} from "../LanguageModel.js";
import { promptParts, text, type Prompt } from "../Prompt.js";
import { ContextOverflowError } from "../ContextOverflowError.js";
import { UserError } from "../../util/errors.js";
import { CandidateTokenResolver } from "./CandidateTokenResolver.js";
import { generateOnSequence } from "./generateOnSequence.js";
import { PromptScoreCache } from "./PromptScoreCache.js";
import { PromptTokenizer } from "./PromptTokenizer.js";
import type { PrefixReuseStats, SequencePool } from "./SequencePool.js";
import { validateGenerateOptions } from "./validateGenerateOptions.js";

/** Prompt positions evaluated per `controlledEvaluate` call when scoring a prompt (bounds the probability maps held at once). */
const scoringChunk = 64;

/** Everything a {@link LlamaCppModel} needs, prepared by `loadLlamaCppModel`. */
export interface LlamaCppModelParts {
    readonly llama: Llama;
    readonly model: LlamaModel;
    readonly context: LlamaContext;
    readonly pool: SequencePool;
    readonly info: ModelInfo;
    /** Seed used for sampled generation when a request gives none. */
    readonly seed?: number;
}

/**
 * A GGUF model running in-process through llama.cpp (node-llama-cpp).
 *
 * Requests run on a pool of context sequences (`sequences` option); each sequence keeps its
 * evaluated tokens, and a request that shares a prefix with what a sequence already holds only
 * evaluates the differing tail (see {@link LlamaCppModel.stats}).
 */
export class LlamaCppModel implements LanguageModel, PromptTokenScorer {
    readonly info: ModelInfo;
    readonly capabilities: ModelCapabilities;
    private readonly promptTokenizer: PromptTokenizer;
    private readonly candidates: CandidateTokenResolver;
    private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
    private readonly promptScores = new PromptScoreCache();
    private disposed = false;

    constructor(private readonly parts: LlamaCppModelParts) {
        this.info = parts.info;
        this.capabilities = {
            nextTokenDistribution: "full",
            scoreContinuations: true,
            generationLogprobs: true,
            tokenize: true,
            jsonSchema: true,
            parallelism: parts.pool.size
        };
        this.promptTokenizer = new PromptTokenizer(parts.model);
        this.candidates = new CandidateTokenResolver(parts.model);
    }

    /** Prompt tokens evaluated versus reused from earlier requests, and tokens generated. */
    get stats(): PrefixReuseStats {
        return this.parts.pool.stats;
    }

    /** Context size of each sequence, in tokens. */
    get contextSize(): number {
        return this.parts.context.contextSize;
    }

    /** The prompt's token ids exactly as they are evaluated (BOS included when the model wants it). */
    promptTokens(prompt: Prompt): number[] {
        return this.promptTokenizer.tokenize(prompt);
    }

    async generate(prompt: Prompt, options: GenerateOptions = {}): Promise<Generation> {
        this.ensureUsable();
        const settings = validateGenerateOptions(options);
        const tokens = this.promptTokenizer.tokenize(prompt);
        this.ensureFits(tokens.length, 1);
        const grammar = options.jsonSchema === undefined ? undefined : await this.jsonGrammar(options.jsonSchema);

        let lease;
        try {
            lease = await this.parts.pool.acquire(tokens, options.signal);
        } catch (error) {
            if (options.signal?.aborted) return { text: "", finishReason: "abort", usage: { promptTokens: tokens.length, completionTokens: 0 } };
            throw error;
        }
        try {
            return await generateOnSequence({
                model: this.parts.model,
                lease,
                tokens,
                settings,
                maxTokens: Math.min(settings.maxTokens, this.contextSize - tokens.length),
                seed: settings.seed ?? this.parts.seed,
                grammarState: grammar === undefined ? undefined : new LlamaGrammarEvaluationState({ model: this.parts.model, grammar }),
                signal: options.signal,
                onText: options.onText,
                countGenerated: (count) => this.parts.pool.countGenerated(count)
            });
        } finally {
            lease.release();
        }
    }

    /**
     * Full softmax over the vocabulary after the prompt, read with `controlledEvaluate` and no
     * sampling options (any sampler option would truncate the distribution).
     *
     * A candidate's probability is that of the token it gets right after the prompt: the first
     * token of tokenize(P + candidate) beyond tokenize(P), P being the prompt's final text (see
     * {@link CandidateTokenResolver}). Only that first token counts; use `scoreContinuations` for the
     * likelihood of a whole multi-token string.
     */
    async nextTokenDistribution(prompt: Prompt, options: NextTokenOptions = {}): Promise<NextTokenDistribution> {
        this.ensureUsable();
        const topK = options.topK ?? 10;
        if (!Number.isInteger(topK) || topK < 0) {
            throw new UserError("invalid topK for nextTokenDistribution", { expected: "an integer >= 0", found: String(topK) });
        }
        const tokens = this.promptTokenizer.tokenize(prompt);
        if (tokens.length === 0) throw new UserError("cannot compute a next-token distribution for an empty prompt", { expected: "a prompt with at least one token", found: "an empty prompt and a model without BOS" });
        this.ensureFits(tokens.length, 0);
        const candidateTokens = this.resolveCandidates(prompt, options.candidates ?? []);

        const lease = await this.parts.pool.acquire(tokens, options.signal);
        let probabilities: Map<Token, number> | undefined;
        try {
            const kept = await lease.reusePrefix(tokens, tokens.length - 1);
            const input: ControlledEvaluateInputItem[] = tokens.slice(kept);
            input[input.length - 1] = [tokens[tokens.length - 1] as Token, { generateNext: { probabilities: true } }];
            const output = await lease.sequence.controlledEvaluate(input);
            probabilities = output[input.length - 1]?.next.probabilities;
        } finally {
            lease.release();
        }
        if (probabilities === undefined) throw new Error("llama.cpp returned no probabilities for the last prompt token");

        // The last prompt token as detokenizer context keeps a candidate's leading space (" A").
        const context = tokens.slice(-1);
        const top: { token: number; text: string; prob: number }[] = [];
        for (const [token, prob] of probabilities) {
            if (top.length >= topK) break;
            top.push({ token, text: this.parts.model.detokenize([token], true, context), prob });
        }
        return {
            top,
            candidates: candidateTokens.map((token) => probabilities.get(token) ?? 0),
            promptTokens: tokens.length
        };
    }

    /**
     * Log-likelihood of each continuation: the prompt and prompt+continuation are tokenized, the
     * continuation's tokens are those past their common prefix, and the log-probabilities of those
     * tokens are summed. Continuations run one after another on pooled sequences, so the prompt
     * prefix is evaluated once.
     */
    async scoreContinuations(prompt: Prompt, continuations: readonly string[], options: { signal?: AbortSignal } = {}): Promise<ContinuationScore[]> {
        this.ensureUsable();
        const promptTokens = this.promptTokenizer.tokenize(prompt);
        if (promptTokens.length === 0) throw new UserError("cannot score continuations of an empty prompt", { expected: "a prompt with at least one token", found: "an empty prompt and a model without BOS" });
        const scores: ContinuationScore[] = [];
        for (const continuation of continuations) {
            options.signal?.throwIfAborted();
            scores.push(await this.scoreOne(prompt, promptTokens, continuation, options.signal));
        }
        return scores;
    }

    private async scoreOne(prompt: Prompt, promptTokens: readonly Token[], continuation: string, signal?: AbortSignal): Promise<ContinuationScore> {
        if (continuation.length === 0) return { logprob: 0, isGreedy: true, tokenCount: 0 };
        const whole = this.promptTokenizer.tokenize([...promptParts(prompt), text(continuation)]);
        let split = 0;
        while (split < promptTokens.length && split < whole.length && promptTokens[split] === whole[split]) split++;
        split = Math.max(1, split);
        if (split >= whole.length) return { logprob: 0, isGreedy: true, tokenCount: 0 };
        this.ensureFits(whole.length, 0);

        const lease = await this.parts.pool.acquire(whole, signal);
        try {
            // Outputs are needed after tokens split-1 .. whole.length-2; the last token itself is never evaluated.
            const evaluated = whole.slice(0, -1);
            const kept = await lease.reusePrefix(evaluated, split - 1);
            const input: ControlledEvaluateInputItem[] = evaluated
                .slice(kept)
                .map((token, offset) => (kept + offset >= split - 1 ? [token, { generateNext: { probabilities: true } }] : token));
            const output = await lease.sequence.controlledEvaluate(input);
            let logprob = 0;
            let isGreedy = true;
            for (let index = split - 1; index < whole.length - 1; index++) {
                const probabilities = output[index - kept]?.next.probabilities;
                if (probabilities === undefined) throw new Error("llama.cpp returned no probabilities for a continuation token");
                const target = whole[index + 1] as Token;
                logprob += Math.log(probabilities.get(target) ?? 0);
                const [best] = probabilities.keys();
                if (best !== target) isGreedy = false;
            }
            return { logprob, isGreedy, tokenCount: whole.length - split };
        } finally {
            lease.release();
        }
    }

    /**
     * Log-probability of every prompt token given the tokens before it, from one evaluation of the
     * prompt (positions evaluated with `controlledEvaluate` and `generateNext.probabilities`), plus
     * the `topK` most likely tokens at each position. The server's `/v1/completions` `echo` +
     * `logprobs` uses it (it implements {@link PromptTokenScorer}).
     *
     * `prompt` is a {@link Prompt} (tokenized as every request is, BOS included: the result has an
     * entry per token of {@link promptTokens}, BOS first with `logprob: null`) or token ids (BOS is
     * put before them for the evaluation when the model wants one and they lack it; the result has
     * an entry per given id, the first one scored given BOS).
     *
     * Prefix reuse trade-off: scoring token i needs the logits after position i-1, and a position
     * reused from a sequence's earlier evaluation has none. So the sequence keeps at most the
     * tokens before the first position that must be scored, and everything from there is
     * evaluated. What makes repeated contexts cheap is the score cache instead
     * ({@link PromptScoreCache}): scores of the prefix shared with the previously scored prompt
     * are taken from it, and only the positions after it are evaluated (on the sequence that
     * still holds that prefix). The last prompt token itself is never evaluated: nothing is scored
     * after it. Positions are evaluated in chunks so that the full-vocabulary distributions of a
     * long prompt are never all in memory at once.
     */
    async scorePromptTokens(prompt: Prompt | readonly number[], options: { topK?: number; signal?: AbortSignal } = {}): Promise<PromptTokenScore[]> {
        this.ensureUsable();
        const topK = options.topK ?? 0;
        if (!Number.isInteger(topK) || topK < 0) {
            throw new UserError("invalid topK for scorePromptTokens", { expected: "an integer >= 0", found: String(topK) });
        }
        const { tokens, skipped } = this.scoringTokens(prompt);
        if (tokens.length === 0) return [];
        this.ensureFits(tokens.length, 0);

        const scores: PromptTokenScore[] = this.promptScores.lookup(tokens, topK);
        if (scores.length === 0) scores.push({ token: tokens[0], logprob: null, top: [], isGreedy: false });
        if (scores.length < tokens.length) {
            const evaluated = tokens.slice(0, -1);
            // The output of position p scores token p+1; the first token still to score is scores.length.
            const firstScored = scores.length - 1;
            const lease = await this.parts.pool.acquire(evaluated, options.signal);
            try {
                const kept = await lease.reusePrefix(evaluated, firstScored);
                for (let start = kept; start < evaluated.length; start += scoringChunk) {
                    options.signal?.throwIfAborted();
                    const chunk = evaluated.slice(start, start + scoringChunk);
                    const input: ControlledEvaluateInputItem[] = chunk.map((token, offset) =>
                        start + offset >= firstScored ? [token, { generateNext: { probabilities: true } }] : token
                    );
                    const output = await lease.sequence.controlledEvaluate(input);
                    for (let offset = 0; offset < chunk.length; offset++) {
                        const position = start + offset;
                        if (position < firstScored) continue;
                        const probabilities = output[offset]?.next.probabilities;
                        if (probabilities === undefined) throw new Error("llama.cpp returned no probabilities for a prompt position");
                        scores[position + 1] = this.scoreAt(probabilities, tokens[position] as Token, tokens[position + 1] as Token, topK);
                    }
                }
            } finally {
                lease.release();
            }
            this.promptScores.store(tokens, scores, topK);
        }
        return scores.slice(skipped);
    }

    /** The tokens to evaluate for scoring, and how many leading ones (an added BOS) the caller did not give. */
    private scoringTokens(prompt: Prompt | readonly number[]): { tokens: Token[]; skipped: number } {
        const isTokenIds = Array.isArray(prompt) && prompt.every((item: unknown) => typeof item === "number");
        if (!isTokenIds || prompt.length === 0) return { tokens: this.promptTokenizer.tokenize(prompt as Prompt), skipped: 0 };
        const ids = prompt as readonly number[];
        const bad = ids.find((id) => !Number.isInteger(id) || id < 0 || (this.info.vocabularySize !== undefined && id >= this.info.vocabularySize));
        if (bad !== undefined) throw new UserError("not a token id of the model", { expected: `integers from 0 to ${(this.info.vocabularySize ?? 1) - 1}`, found: String(bad) });
        const bos = this.parts.model.tokens.bos;
        const addBos = this.parts.model.tokens.shouldPrependBosToken && bos != null && ids[0] !== bos;
        return { tokens: addBos ? [bos, ...(ids as Token[])] : [...(ids as Token[])], skipped: addBos ? 1 : 0 };
    }

    private scoreAt(probabilities: Map<Token, number>, previous: Token, target: Token, topK: number): PromptTokenScore {
        const top: { token: number; text: string; logprob: number }[] = [];
        let best: Token | undefined;
        for (const [token, prob] of probabilities) {
            best ??= token;
            if (top.length >= topK) break;
            // The previous token as detokenizer context keeps a leading space, as nextTokenDistribution does.
            top.push({ token, text: this.parts.model.detokenize([token], true, [previous]), logprob: Math.log(prob) });
        }
        return { token: target, logprob: Math.log(probabilities.get(target) ?? 0), top, isGreedy: best === target };
    }

    async tokenize(value: string, options: { specialTokens?: boolean } = {}): Promise<number[]> {
        this.ensureUsable();
        return this.parts.model.tokenize(value, options.specialTokens ?? false);
    }

    async detokenize(tokens: readonly number[]): Promise<string> {
        this.ensureUsable();
        return this.parts.model.detokenize(tokens as Token[], false);
    }

    async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        this.parts.pool.close(new Error(`model ${this.info.name} was disposed`));
        await this.parts.context.dispose();
        await this.parts.model.dispose();
    }

    private resolveCandidates(prompt: Prompt, candidates: readonly string[]): Token[] {
        if (candidates.length === 0) return [];
        const tail = this.promptTokenizer.lastTextRun(prompt);
        return candidates.map((candidate) => {
            if (candidate.length === 0) throw new UserError("empty candidate string", { expected: "non-empty candidates such as \" A\"", found: "\"\"" });
            return this.candidates.resolve(tail, candidate);
        });
    }

    private jsonGrammar(schema: object): Promise<LlamaGrammar> {
        const key = JSON.stringify(schema);
        let grammar = this.grammars.get(key);
        if (grammar === undefined) {
            grammar = // The schema is user data; node-llama-cpp's precise schema typing is for literals only.
            (this.parts.llama.createGrammarForJsonSchema as (value: GbnfJsonSchema) => Promise<LlamaGrammar>)(schema as GbnfJsonSchema).catch((error: unknown) => {
                this.grammars.delete(key);
                throw new UserError("unsupported JSON schema for constrained generation", {
                    expected: "a JSON schema using type/properties/required/items/enum/const/oneOf",
                    found: error instanceof Error ? error.message : String(error),
                    cause: error
                });
            });
            this.grammars.set(key, grammar);
        }
        return grammar;
    }

    private ensureFits(promptTokens: number, roomForGeneration: number): void {
        if (promptTokens + roomForGeneration > this.contextSize) {
            throw new ContextOverflowError("prompt is longer than the model context", {
                promptTokens,
                contextSize: this.contextSize,
                expected: `at most ${this.contextSize - roomForGeneration} prompt tokens`,
                found: `${promptTokens} tokens`,
                fix: "shorten the prompt or load the model with a larger --ctx-size"
            });
        }
    }

    private ensureUsable(): void {
        if (this.disposed) throw new Error(`model ${this.info.name} was disposed`);
    }
}
