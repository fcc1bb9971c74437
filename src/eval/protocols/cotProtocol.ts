import type { GenerateOptions } from "../../models/LanguageModel.js";
import { majorityVote } from "./majorityVote.js";
import { PAPER_FREQUENCY_PENALTY, PAPER_STOP, paperLabel } from "./paperGenerateProtocol.js";
import { baseRecord, type PreparedItem, type Protocol, type ProtocolContext } from "./Protocol.js";

/** The paper's CoT generation budget (vLLM max_tokens = 1024). */
export const PAPER_COT_MAX_TOKENS = 1024;
/** Self-consistency samples: the paper's 5 (its code defaults to 10). */
export const PAPER_SC_SAMPLES = 5;
export const PAPER_SC_TEMPERATURE = 0.8;

/** The paper's vLLM SamplingParams for CoT generation (frequency_penalty 1.0, its stop strings); cot and sc-cot differ only in temperature. */
function paperCotSettings(maxTokens: number | undefined, temperature: number): Omit<GenerateOptions, "signal" | "onText"> {
    return {
        maxTokens: maxTokens ?? PAPER_COT_MAX_TOKENS,
        temperature,
        topP: 1,
        frequencyPenalty: PAPER_FREQUENCY_PENALTY,
        presencePenalty: 0,
        stop: [...PAPER_STOP]
    };
}

/**
 * `cot`: greedy chain-of-thought generation after "Let's think step by step.", then the
 * paper's extraction: the first word after the last "answer is".
 */
export function cotProtocol(options: { maxTokens?: number } = {}): Protocol {
    const settings = paperCotSettings(options.maxTokens, 0);
    return {
        name: "cot",
        promptStyle: "cot",
        settings,
        requireCapabilities() {},
        notes: cotNotes,
        async score(context: ProtocolContext, prepared: PreparedItem) {
            const generation = await context.requests.generate(prepared.prompt, settings, context.signal);
            const label = paperLabel(context.extract(generation.text, { cot: true, shots: context.shots, answerKind: prepared.answerKind, booleanScoring: prepared.booleanScoring }));
            return { ...baseRecord(prepared), raw: generation.text, extracted: label, correct: label !== null && label === prepared.item.gold, valid: label !== null };
        }
    };
}

/**
 * `sc-cot`: `samples` chain-of-thought generations at temperature 0.8, each extracted as in
 * `cot`; each sample votes with its extracted answer, or with its raw text when nothing could be
 * extracted (as the paper's code does), and the majority wins (ties: first seen). A majority
 * of unparseable texts is invalid, hence wrong. Sample i of seed s uses sampling seed
 * s·1000 + i, so samples differ from each other and every rerun asks the same requests.
 */
export function scCotProtocol(options: { samples?: number; temperature?: number; maxTokens?: number } = {}): Protocol {
    const samples = options.samples ?? PAPER_SC_SAMPLES;
    const base = paperCotSettings(options.maxTokens, options.temperature ?? PAPER_SC_TEMPERATURE);
    return {
        name: "sc-cot",
        promptStyle: "cot",
        settings: { ...base, samples, sampleSeed: "seed * 1000 + sample" },
        requireCapabilities() {},
        notes: cotNotes,
        async score(context: ProtocolContext, prepared: PreparedItem) {
            const generations = await Promise.all(
                Array.from({ length: samples }, (_, i) =>
                    context.requests.generate(prepared.prompt, { ...base, seed: (prepared.seed * 1000 + i) >>> 0 }, context.signal)
                )
            );
            const votes = generations.map((g) => paperLabel(context.extract(g.text, { cot: true, shots: context.shots, answerKind: prepared.answerKind, booleanScoring: prepared.booleanScoring })));
            // Unparseable samples vote with their raw text (equal texts pool their votes).
            const ballot = majorityVote(generations.map((g, i) => votes[i] ?? UNPARSEABLE + g.text));
            const winner = ballot === null || ballot.winner.startsWith(UNPARSEABLE) ? null : ballot.winner;
            return {
                ...baseRecord(prepared),
                raw: generations.map((g) => g.text),
                extracted: winner,
                correct: winner !== null && winner === prepared.item.gold,
                valid: winner !== null,
                votes
            };
        }
    };
}

/** Prefix that keeps raw-text votes apart from answer labels. */
const UNPARSEABLE = "\u0000raw:";

function cotNotes(benchmark: string): string[] {
    const notes = ["CoT extraction takes the first word after the last \"answer is\"; outputs without one count as wrong."];
    if (benchmark === "pubmedqa") notes.push("\"maybe\" is not a valid answer for the paper's extraction, so PubMedQA maybe items can never score.");
    return notes;
}
