import type { SafetyDecision } from "../safety/SafetyDecision.js";

/** The four MediTron tasks. */
export const taskNames = ["exam", "health", "disease", "differential"] as const;
export type TaskName = (typeof taskNames)[number];

/**
 * The safety layer as tasks see it: screen the user's text before the model runs, then finalize
 * the model's answer (hedging, disclaimers). Kept structural so any implementation plugs in.
 */
export interface SafetyGate {
    screen(text: string): SafetyDecision | Promise<SafetyDecision>;
    finalize(answer: string, decision: SafetyDecision): string | Promise<string>;
}

/** Per-call options shared by every task. */
export interface TaskCallOptions {
    /** Upper bound on generated tokens (per generation step). Each task has its own default. */
    maxTokens?: number;
    /** 0 (the default) means greedy decoding. */
    temperature?: number;
    topP?: number;
    seed?: number;
    signal?: AbortSignal;
    /** Receives the answer's display text (Markdown) as it is generated. */
    onText?: (text: string) => void;
    /** When given, the question is screened first and the answer finalized by it. */
    safety?: SafetyGate;
}

/**
 * What every task returns. `text` is the answer as Markdown for display; `result` holds the
 * task's structured data, or null when the safety layer answered instead of the model.
 */
export interface TaskAnswer<T> {
    readonly task: TaskName;
    /** Name of the model that produced the answer. */
    readonly model: string;
    readonly text: string;
    readonly result: T | null;
    /** The safety layer's decision, or null when no safety layer was given. */
    readonly safety: SafetyDecision | null;
    /** Shown with every answer: MediTron is a research model, not a clinician. */
    readonly disclaimer: string;
    readonly finishReason: "stop" | "length" | "abort" | "safety";
    readonly usage: { readonly promptTokens: number; readonly completionTokens: number };
}
