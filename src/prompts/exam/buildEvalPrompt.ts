import { special, text, type Prompt } from "../../models/Prompt.js";
import { UserError } from "../../util/errors.js";
import { EXAM_INSTRUCTION_KEY, type ExamBenchmark, type ExamQuestion } from "./examBenchmarks.js";
import { ANSWER_CUE, EXAM_INSTRUCTIONS } from "./examInstructions.js";
import { formatMcq, formatPubmedqa } from "./formatMcq.js";

/**
 * How the finished prompt is wrapped (inference.py `format_prompt`): `raw` for pretrained
 * models (the paper's in-context runs), `chatml` for the task-finetuned MediTron models:
 * `<|im_start|>question\n{prompt}<|im_end|>\n<|im_start|>answer\n`.
 */
export type ExamPromptFormat = "raw" | "chatml";

export interface BuildEvalPromptOptions {
    readonly benchmark: ExamBenchmark;
    readonly item: ExamQuestion;
    /** Demonstrations, already selected (see eval/shots selectShots); [] for zero-shot. */
    readonly shots?: readonly ExamQuestion[];
    /** Use the `{key}_cot` instruction ("Let's think step by step."). */
    readonly cot?: boolean;
    readonly format?: ExamPromptFormat;
    /**
     * Trim whitespace around question texts before `format_mcq` (what the benchmark README
     * recommends for the newline ending every MMLU nutrition question). Off by default: the
     * paper's prompts kept that newline and appended '?' after it.
     */
    readonly trimQuestions?: boolean;
}

/**
 * The exact prompt the paper's evaluation code builds (benchmarks.py + inference.py):
 *
 * 1. question block: `format_mcq` (or the PubMedQA contexts + question block);
 * 2. with shots: `"\n\n".join(f"{demo_block}\nThe answer is: {demo.gold}") + "\n\n" + block`;
 * 3. instruction: `f"{system}\n{body}\n{user}\n"`;
 * 4. with shots > 0, the final "\n" is dropped (`prompt[:-1]` in `format_prompt`);
 * 5. optional ChatML wrapper for task-finetuned models.
 */
export function buildEvalPrompt(options: BuildEvalPromptOptions): string {
    const prompt = buildInstructedPrompt(options);
    return options.format === "chatml" ? `<|im_start|>question\n${prompt}<|im_end|>\n<|im_start|>answer\n` : prompt;
}

/**
 * {@link buildEvalPrompt} as prompt parts: the ChatML markers are `special` tokens and all
 * benchmark text stays `text`, so a question containing "<|im_end|>" cannot forge one.
 */
export function buildEvalPromptParts(options: BuildEvalPromptOptions): Prompt {
    const prompt = buildInstructedPrompt(options);
    if (options.format !== "chatml") return prompt;
    return [special("<|im_start|>"), text(`question\n${prompt}`), special("<|im_end|>"), text("\n"), special("<|im_start|>"), text("answer\n")];
}

/** The question block of one item (no instruction, no demonstrations). */
export function examQuestionBlock(benchmark: ExamBenchmark, item: ExamQuestion, trimQuestions = false): string {
    const question = trimQuestions ? item.question.trim() : item.question;
    if (benchmark === "pubmedqa") {
        if (item.contexts === undefined) throw new UserError("a PubMedQA item needs its abstract contexts", { found: "an item without contexts" });
        return formatPubmedqa(item.contexts, question);
    }
    if (item.options === undefined || item.options.length === 0) {
        throw new UserError(`a ${benchmark} item needs its options`, { found: "an item without options" });
    }
    return formatMcq(question, item.options);
}

function buildInstructedPrompt(options: BuildEvalPromptOptions): string {
    const { benchmark, item, cot = false, trimQuestions = false } = options;
    const shots = options.shots ?? [];
    const keys = EXAM_INSTRUCTION_KEY[benchmark];
    if (keys === undefined) throw new UserError(`no exam prompt for benchmark "${benchmark}"`, { expected: Object.keys(EXAM_INSTRUCTION_KEY).join(", ") });
    if (cot && keys.cot === undefined) {
        throw new UserError(`no chain-of-thought prompt for ${benchmark}`, {
            expected: "a CoT benchmark: medqa, medqa4, medmcqa, mmlu-medical, pubmedqa",
            fix: "use a non-CoT protocol (top-token, paper-generate, loglikelihood) for this benchmark"
        });
    }
    if (cot && shots.length > 0) {
        throw new UserError("few-shot chain-of-thought prompts are not reproducible", {
            expected: "--shots 0 with a CoT protocol",
            found: `${shots.length} shots`,
            fix: "the paper's CoT exemplar files (evaluation/prompt_cot/*.jsonl) are not in the released repository; run CoT zero-shot"
        });
    }
    const instruction = EXAM_INSTRUCTIONS[cot ? keys.cot! : keys.plain];
    const block = examQuestionBlock(benchmark, item, trimQuestions);
    let body = block;
    if (shots.length > 0) {
        const demos = shots.map((demo) => `${examQuestionBlock(benchmark, demo, trimQuestions)}\n${ANSWER_CUE} ${demo.gold}`).join("\n\n");
        body = `${demos}\n\n${block}`;
    }
    const prompt = `${instruction.system}\n${body}\n${instruction.user}\n`;
    return shots.length > 0 ? prompt.slice(0, -1) : prompt;
}
