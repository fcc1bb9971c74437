import { hasPromptTokenScorer, type LanguageModel } from "../models/LanguageModel.js";
import type { LegacyLogprobEntry } from "./routes/logprobFormats.js";

/**
 * The optional one-pass prompt scorer lives with the model contract (backends implement it);
 * re-exported here where the server looks for it.
 */
export type { PromptTokenScorer } from "../models/LanguageModel.js";

/**
 * Per-token log-probabilities of a prompt (the legacy completions `echo` + `logprobs` feature that
 * lm-evaluation-harness' loglikelihood requests need). The first token has no context and gets
 * `null`, as in OpenAI's and vLLM's answers. `top` alternatives are returned when `topK` > 0.
 *
 * The fallback scores token i as the continuation `text(0..i] - text(0..i)` after the prefix text,
 * so the sum over a span equals `scoreContinuations` of that span.
 */
export async function promptTokenLogprobs(
    model: LanguageModel,
    tokens: readonly number[],
    topK: number,
    signal?: AbortSignal
): Promise<LegacyLogprobEntry[]> {
    const pieces = await tokenPieces(model, tokens);
    if (hasPromptTokenScorer(model)) {
        const scored = await model.scorePromptTokens(tokens, { topK, signal });
        return scored.map((entry, index) => {
            const piece = pieces[index] ?? "";
            if (index === 0) return { token: piece, logprob: null, top: null };
            let top: Record<string, number> | null = null;
            if (topK > 0) {
                top = Object.fromEntries(entry.top.slice(0, topK).map((alt) => [alt.text, alt.logprob]));
                // As in the fallback: lm-eval compares the top entry with the prompt token's text.
                if (entry.isGreedy === true && entry.logprob !== null && !(piece in top)) top[piece] = entry.logprob;
            }
            return { token: piece, logprob: entry.logprob, top };
        });
    }
    const entries: LegacyLogprobEntry[] = [];
    let prefix = "";
    for (let index = 0; index < pieces.length; index++) {
        const piece = pieces[index]!;
        if (index === 0 || piece === "") {
            entries.push({ token: piece, logprob: index === 0 ? null : 0, top: null });
        } else {
            const [score] = await model.scoreContinuations(prefix, [piece], { signal });
            let top: Record<string, number> | null = null;
            if (topK > 0) {
                const distribution = await model.nextTokenDistribution(prefix, { topK, signal });
                top = Object.fromEntries(distribution.top.slice(0, topK).map((alt) => [alt.text, Math.log(alt.prob)]));
                // lm-eval decides "is greedy" by comparing the top entry with the prompt token.
                if (score?.isGreedy === true && !(piece in top)) top[piece] = score.logprob;
            }
            entries.push({ token: piece, logprob: score?.logprob ?? null, top });
        }
        prefix += piece;
    }
    return entries;
}

/** The text each token adds, so that the pieces concatenate to the detokenized prompt. */
async function tokenPieces(model: LanguageModel, tokens: readonly number[]): Promise<string[]> {
    const pieces: string[] = [];
    let previous = "";
    for (let index = 0; index < tokens.length; index++) {
        const text = await model.detokenize(tokens.slice(0, index + 1));
        pieces.push(text.startsWith(previous) ? text.slice(previous.length) : text);
        previous = text;
    }
    return pieces;
}
