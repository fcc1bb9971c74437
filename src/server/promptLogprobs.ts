import type { LanguageModel } from "../models/LanguageModel.js";
import type { LegacyLogprobEntry } from "./routes/logprobFormats.js";

/**
 * Optional backend extension: log-probability of every prompt token given the tokens before it
 * (one forward pass). Backends that have it are used directly; otherwise
 * {@link promptTokenLogprobs} falls back to the contract's `scoreContinuations`, one call per token.
 */
export interface PromptTokenScorer {
    scorePromptTokens(
        tokens: readonly number[],
        options: { topK: number; signal?: AbortSignal }
    ): Promise<readonly { readonly logprob: number | null; readonly top: readonly { readonly text: string; readonly logprob: number }[] }[]>;
}

function hasPromptScorer(model: LanguageModel): model is LanguageModel & PromptTokenScorer {
    return typeof (model as Partial<PromptTokenScorer>).scorePromptTokens === "function";
}

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
    if (hasPromptScorer(model)) {
        const scored = await model.scorePromptTokens(tokens, { topK, signal });
        return scored.map((entry, index) => ({
            token: pieces[index] ?? "",
            logprob: index === 0 ? null : entry.logprob,
            top: index === 0 || topK === 0 ? null : Object.fromEntries(entry.top.slice(0, topK).map((alt) => [alt.text, alt.logprob]))
        }));
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
