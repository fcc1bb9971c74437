import { buildEvalPrompt, type ExamPromptFormat } from "../../prompts/exam/buildEvalPrompt.js";
import type { BenchmarkItem } from "../datasets/BenchmarkItem.js";
import type { BenchmarkName } from "../datasets/benchmarks.js";
import type { ShotPool } from "../datasets/loadShotPool.js";
import { selectShots } from "./selectShots.js";

export interface RenderExamPromptsOptions {
    readonly benchmark: BenchmarkName;
    readonly items: readonly BenchmarkItem[];
    /** Number of demonstrations (0: zero-shot, no pool needed). */
    readonly shots: number;
    /** Required when shots > 0. */
    readonly pool?: ShotPool;
    /** numpy seed for the demonstration draw. */
    readonly seed: number;
    readonly cot?: boolean;
    readonly format?: ExamPromptFormat;
    readonly trimQuestions?: boolean;
}

export interface RenderedExamPrompt {
    readonly item: BenchmarkItem;
    /** The demonstrations in prompt order. */
    readonly shots: readonly BenchmarkItem[];
    readonly prompt: string;
}

/**
 * The prompt of every item as the paper's code builds it for one seed: the same k demonstrations
 * for all items (`pool.shuffle(seed).select(range(k))`), except with a test-excluding-item pool,
 * where an item that would be its own demonstration is skipped in favour of the next row.
 */
export function renderExamPrompts(options: RenderExamPromptsOptions): RenderedExamPrompt[] {
    const { benchmark, items, shots: k, pool, seed } = options;
    if (k > 0 && pool === undefined) throw new RangeError("a shot pool is required when shots > 0");
    const shared = k > 0 && pool !== undefined && !pool.excludeCurrentItem ? selectShots({ pool: pool.items, k, seed }) : [];
    return items.map((item) => {
        const shots =
            k === 0 || pool === undefined
                ? []
                : pool.excludeCurrentItem
                  ? selectShots({ pool: pool.items, k, seed, exclude: (row) => row.id === item.id })
                  : shared;
        const prompt = buildEvalPrompt({
            benchmark,
            item,
            shots,
            ...(options.cot === undefined ? {} : { cot: options.cot }),
            ...(options.format === undefined ? {} : { format: options.format }),
            ...(options.trimQuestions === undefined ? {} : { trimQuestions: options.trimQuestions })
        });
        return { item, shots, prompt };
    });
}
