import {
    LlamaGrammarEvaluationState, type Llama, type LlamaContext, type LlamaGrammar, type LlamaModel, type Token,
    type ControlledEvaluateInputItem, type GbnfJsonSchema
} from "node-llama-cpp";
import type {
    ContinuationScore, GenerateOptions, Generation, LanguageModel, ModelCapabilities, ModelInfo, NextTokenDistribution, NextTokenOptions
} from "../LanguageModel.js";
import { promptParts, text, type Prompt } from "../Prompt.js";
import { UserError } from "../../util/errors.js";
import { CandidateTokenResolver } from "./CandidateTokenResolver.js";
import { generateOnSequence } from "./generateOnSequence.js";
import { PromptTokenizer } from "./PromptTokenizer.js";
import type { PrefixReuseStats, SequencePool } from "./SequencePool.js";
import { validateGenerateOptions } from "./validateGenerateOptions.js";

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
export class LlamaCppModel implements LanguageModel {
    readonly info: ModelInfo;
    readonly capabilities: ModelCapabilities;
    private readonly promptTokenizer: PromptTokenizer;
    private readonly candidates: CandidateTokenResolver;
    private readonly grammars = new Map<string, Promise<LlamaGrammar>>();
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
            throw new UserError("prompt is longer than the model context", {
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
