import type { Token } from "node-llama-cpp";
import type { PromptTokenScore } from "../LanguageModel.js";

/**
 * The scores of the last prompt scored by `scorePromptTokens`, so the next prompt that shares a
 * prefix with it (lm-evaluation-harness sends the same context once per answer choice) only
 * evaluates the positions after the shared part.
 *
 * Why a score cache and not just the sequence's KV cache: a position whose evaluation is reused
 * from a sequence has no logits any more (llama.cpp keeps outputs only for the batch that asked
 * for them), so reused tokens cannot be scored. A token's score depends only on the tokens
 * before it, so scores of a shared prefix are the same whatever follows and can be kept here.
 * One entry is enough for the harness pattern and bounds memory to one prompt's scores.
 */
export class PromptScoreCache {
    private last: { tokens: readonly Token[]; scores: readonly PromptTokenScore[]; topK: number } | undefined;

    /** Scores known for the leading tokens of `tokens` (with at least `topK` alternatives each). */
    lookup(tokens: readonly Token[], topK: number): PromptTokenScore[] {
        const last = this.last;
        if (last === undefined || last.topK < topK) return [];
        let shared = 0;
        while (shared < tokens.length && shared < last.tokens.length && tokens[shared] === last.tokens[shared]) shared++;
        return last.scores.slice(0, shared).map((score) => (score.top.length > topK ? { ...score, top: score.top.slice(0, topK) } : score));
    }

    store(tokens: readonly Token[], scores: readonly PromptTokenScore[], topK: number): void {
        this.last = { tokens: [...tokens], scores: [...scores], topK };
    }

    clear(): void {
        this.last = undefined;
    }
}
