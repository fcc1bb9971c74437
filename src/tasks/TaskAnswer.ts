import type { SafetyDecision } from "../safety/SafetyDecision.js";

/** The four MediTron tasks. */
export const taskNames = ["exam", "health", "disease", "differential"] as const;
export type TaskName = (typeof taskNames)[number];

/**
 * Who a task is written for. It decides what an emergency does (see `guardTask`): a lay person
 * gets the fixed emergency message instead of a model answer; a clinician (exam questions,
 * differential diagnosis of a case they describe) gets the emergency as a banner (the `safety`
 * decision) and the model's answer too, because a case description of an emergency is their
 * everyday input, not a person in danger typing.
 */
export type TaskAudience = "clinician" | "lay";

export const taskAudiences: Readonly<Record<TaskName, TaskAudience>> = {
    exam: "clinician",
    differential: "clinician",
    health: "lay",
    disease: "lay"
};

/** What a task tells the safety layer about its answer when finalizing it. */
export interface FinalizeContext {
    /** Exam tasks: the probability of the chosen option (0..1); a low one makes the answer say it is unsure. */
    readonly examConfidence?: number;
}

/**
 * The safety layer as tasks see it: screen the user's text before the model runs, then finalize
 * the model's answer (hedging, disclaimers). Kept structural so any implementation plugs in.
 */
export interface SafetyGate {
    screen(text: string): SafetyDecision | Promise<SafetyDecision>;
    finalize(answer: string, decision: SafetyDecision, context?: FinalizeContext): string | Promise<string>;
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
