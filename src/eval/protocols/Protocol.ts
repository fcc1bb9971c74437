import type { LanguageModel } from "../../models/LanguageModel.js";
import type { Prompt } from "../../models/Prompt.js";
import type { BenchmarkItem } from "../datasets/BenchmarkItem.js";
import type { CachedRequests } from "../store/CachedRequests.js";
import type { ItemRecord } from "../store/RunResults.js";

/** The evaluation protocols of `meditron eval run --protocol`. */
export type ProtocolName = "top-token" | "paper-generate" | "loglikelihood" | "cot" | "sc-cot";

export const PROTOCOL_NAMES: readonly ProtocolName[] = ["top-token", "paper-generate", "loglikelihood", "cot", "sc-cot"];

/** Extracts an answer from generated text the way the paper's `evaluate.py` does; null = invalid. */
export type AnswerExtractor = (output: string, options: ExtractOptions) => string | null;

export interface ExtractOptions {
    readonly cot: boolean;
    readonly shots: number;
    readonly answerKind: "letter" | "yes-no-maybe";
    /**
     * Score the whole extracted string rather than its first character (the paper's "boolean"
     * scoring, used for PubMedQA and TruthfulQA). Defaults to answerKind === "yes-no-maybe".
     */
    readonly booleanScoring?: boolean;
}

/** One test item of one seed, with the exact prompt to send. */
export interface PreparedItem {
    readonly item: BenchmarkItem;
    readonly seed: number;
    readonly prompt: Prompt;
    readonly promptSha256: string;
    /** Answer labels in option order, in the gold's spelling: "A".."E" or "yes", "no", "maybe". */
    readonly labels: readonly string[];
    readonly answerKind: "letter" | "yes-no-maybe";
    /** The paper scores TruthfulQA like PubMedQA (whole string), although its golds are letters. */
    readonly booleanScoring: boolean;
}

/** What a protocol gets besides the item: the cached model and the run's settings. */
export interface ProtocolContext {
    readonly requests: CachedRequests;
    readonly shots: number;
    readonly extract: AnswerExtractor;
    readonly signal?: AbortSignal;
}

/**
 * A way of asking the model and scoring its answer. Protocols never talk to the model directly:
 * every request goes through {@link CachedRequests}, which is what makes runs resumable.
 */
export interface Protocol {
    readonly name: ProtocolName;
    /** Which prompt the paper pairs with the protocol: "The answer is:" or "Let's think step by step." */
    readonly promptStyle: "answer" | "cot";
    /** Throws a clear error before the first request when the model cannot serve this protocol. */
    requireCapabilities(model: LanguageModel): void;
    /** Decoding settings recorded in results.json. */
    readonly settings: Readonly<Record<string, unknown>>;
    /** Caveats to print with a benchmark's results (known quirks of the protocol). */
    notes(benchmark: string): string[];
    /** Asks the model (through the cache) and scores one item. */
    score(context: ProtocolContext, prepared: PreparedItem): Promise<ItemRecord>;
}

/** The labels of an item: option letters for multiple choice, yes/no/maybe otherwise. */
export function answerLabels(item: BenchmarkItem): { labels: string[]; answerKind: "letter" | "yes-no-maybe" } {
    if (item.options !== undefined && item.options.length > 0) {
        return { labels: item.options.map((_, i) => String.fromCharCode(65 + i)), answerKind: "letter" };
    }
    return { labels: ["yes", "no", "maybe"], answerKind: "yes-no-maybe" };
}

/** An item record with the fields every protocol fills the same way. */
export function baseRecord(prepared: PreparedItem): Pick<ItemRecord, "benchmark" | "id" | "seed" | "promptSha256" | "gold" | "subject"> {
    return {
        benchmark: prepared.item.benchmark,
        id: prepared.item.id,
        seed: prepared.seed,
        promptSha256: prepared.promptSha256,
        gold: prepared.item.gold,
        ...(prepared.item.subject !== undefined ? { subject: prepared.item.subject } : {})
    };
}
