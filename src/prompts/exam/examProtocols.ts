/**
 * The evaluation protocols (`meditron eval --protocol`) and what each one means for the prompt:
 * whether it uses the chain-of-thought instruction and how many demonstrations it adds by default.
 * Scoring and decoding live in eval/; this is only the prompt side.
 */
export type ExamProtocol = "top-token" | "paper-generate" | "loglikelihood" | "cot" | "sc-cot";

export interface ExamProtocolPrompt {
    readonly cot: boolean;
    /** k when --shots is not given: 3 (the paper's 7B setting) for in-context protocols, 0 for CoT. */
    readonly defaultShots: number;
    readonly description: string;
}

export const EXAM_PROTOCOLS: Readonly<Record<ExamProtocol, ExamProtocolPrompt>> = {
    "top-token": { cot: false, defaultShots: 3, description: "k-shot prompt; the option label with the highest next-token probability (paper Table 4)" },
    "paper-generate": { cot: false, defaultShots: 3, description: "the released code: greedy generation of a few tokens, first-character extraction" },
    loglikelihood: { cot: false, defaultShots: 3, description: "sum of log-probabilities of each full option text (lm-evaluation-harness acc / acc_norm)" },
    cot: { cot: true, defaultShots: 0, description: "chain-of-thought generation, answer after the last \"answer is\"" },
    "sc-cot": { cot: true, defaultShots: 0, description: "self-consistency: N chain-of-thought samples at temperature 0.8, majority vote" }
};

export const EXAM_PROTOCOL_NAMES = Object.keys(EXAM_PROTOCOLS) as ExamProtocol[];
