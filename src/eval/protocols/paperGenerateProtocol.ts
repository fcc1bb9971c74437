import { baseRecord, type PreparedItem, type Protocol, type ProtocolContext } from "./Protocol.js";

/** The paper's vLLM SamplingParams, shared by its generation modes (§7.3). */
export const PAPER_FREQUENCY_PENALTY = 1.0;
export const PAPER_STOP = ["###"] as const;

export interface PaperGenerateOptions {
    /**
     * Tokens to generate. The paper's code uses len(tokenize(gold of the batch's first row)) + 8
     * when shots > 0; the runner computes that from the benchmark's first item.
     */
    readonly maxTokens: number;
}

/**
 * `paper-generate`: what the released code actually does in its "top-token" mode. Greedy
 * generation of a few tokens with frequency_penalty 1.0 and stop "###", then `evaluate.py`'s
 * extraction (first character for multiple choice; whole string for yes/no), invalid = wrong.
 */
export function paperGenerateProtocol(options: PaperGenerateOptions): Protocol {
    const settings = { maxTokens: options.maxTokens, temperature: 0, topP: 1, frequencyPenalty: PAPER_FREQUENCY_PENALTY, presencePenalty: 0, stop: [...PAPER_STOP] };
    return {
        name: "paper-generate",
        promptStyle: "answer",
        settings,
        requireCapabilities() {
            // Plain generation is part of every backend; nothing optional is needed.
        },
        notes(benchmark: string) {
            const notes = [
                "paper-generate reproduces the released code: greedy generation with frequency_penalty 1.0 and first-character extraction " +
                    "(\"answer a\" reads as a, \"because\" as b); unparseable outputs count as wrong."
            ];
            if (benchmark === "pubmedqa") notes.push("\"maybe\" is not in evaluate.py's list of valid answers, so PubMedQA items whose gold is maybe can never score under paper-generate.");
            return notes;
        },
        async score(context: ProtocolContext, prepared: PreparedItem) {
            const generation = await context.requests.generate(prepared.prompt, settings, context.signal);
            const extracted = context.extract(generation.text, { cot: false, shots: context.shots, answerKind: prepared.answerKind, booleanScoring: prepared.booleanScoring });
            const label = paperLabel(extracted);
            return {
                ...baseRecord(prepared),
                raw: generation.text,
                extracted: label,
                correct: label !== null && label === prepared.item.gold,
                valid: label !== null
            };
        }
    };
}

/** `evaluate.py`'s list of valid answers: "maybe" is not in it. */
export const PAPER_VALID_ANSWERS: readonly string[] = ["a", "b", "c", "d", "e", "yes", "no"];

/**
 * The paper's validity rule: an extracted answer in {@link PAPER_VALID_ANSWERS} is valid (even
 * "e" on a 4-option question: valid and wrong); it is returned in the gold's spelling
 * (upper-case letter, lower-case word). Anything else is invalid (null).
 */
export function paperLabel(extracted: string | null): string | null {
    if (extracted === null) return null;
    const lower = extracted.toLowerCase();
    if (!PAPER_VALID_ANSWERS.includes(lower)) return null;
    return lower.length === 1 ? lower.toUpperCase() : lower;
}
