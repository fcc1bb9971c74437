import type { Command } from "commander";
import { loadBenchmark } from "../../../eval/datasets/loadBenchmark.js";
import { loadShotPool, parseShotSource } from "../../../eval/datasets/loadShotPool.js";
import { requireBenchmark } from "../../../eval/datasets/requireBenchmark.js";
import type { BenchmarkItem } from "../../../eval/datasets/BenchmarkItem.js";
import { renderExamPrompts } from "../../../eval/shots/renderExamPrompts.js";
import { EXAM_PROTOCOL_NAMES, EXAM_PROTOCOLS, type ExamProtocol } from "../../../prompts/exam/examProtocols.js";
import { UserError } from "../../../util/errors.js";
import type { CliContext } from "../../CliCommand.js";
import { addDataDirOption, resolveDataDir } from "./dataDirOption.js";
import type { RegisterEvalSubcommand } from "./RegisterEvalSubcommand.js";

interface PromptsFlags {
    bench: string;
    protocol: string;
    shots?: string;
    shotsFrom?: string;
    seed: string;
    items?: string;
    format: string;
    trimQuestions?: boolean;
    truthfulqaSeed: string;
    data?: string;
}

/**
 * `meditron eval prompts`: the exact prompts a run would send, one JSON line per item
 * (`benchmark`, `item`, `seed`, `prompt`, `gold`, plus the demonstration ids), without a model.
 */
export const registerEvalPrompts: RegisterEvalSubcommand = (evalCommand: Command, context: CliContext) => {
    const command = evalCommand
        .command("prompts")
        .description("print the exact prompts a run would send, one JSON line per item, without calling a model")
        .requiredOption("--bench <benchmark>", "medqa, medqa4, medmcqa, pubmedqa, mmlu-medical or truthfulqa")
        .requiredOption("--protocol <protocol>", EXAM_PROTOCOL_NAMES.join(", "))
        .option("--shots <k>", "number of demonstrations (default: 3 for top-token, paper-generate and loglikelihood; 0 for cot and sc-cot)")
        .option("--shots-from <source>", "a file in the benchmark's own format, or test-excluding-item (default: the benchmark's train split)")
        .option("--seed <n>", "seed of the demonstration draw (numpy default_rng, as the paper's datasets shuffle)", "1234")
        .option("--items <ids>", "comma-separated item ids: MedMCQA id, PubMedQA PMID, subject:row for MMLU, the 0-based row otherwise (default: all)")
        .option("--format <format>", "raw (pretrained models) or chatml (task-finetuned MediTron models)", "raw")
        .option("--trim-questions", "trim whitespace around question texts (the paper kept the newline ending MMLU nutrition questions)")
        .option("--truthfulqa-seed <n>", "seed of the TruthfulQA distractor draw (CPython random)", "1234");
    addDataDirOption(command).action(async (flags: PromptsFlags) => {
        await printPrompts(flags, context);
    });
};

async function printPrompts(flags: PromptsFlags, context: CliContext): Promise<void> {
    const spec = requireBenchmark(flags.bench);
    const protocol = requireProtocol(flags.protocol);
    const dataDir = resolveDataDir(flags.data, context);
    const seed = nonNegativeInteger("--seed", flags.seed);
    const truthfulqaSeed = nonNegativeInteger("--truthfulqa-seed", flags.truthfulqaSeed);
    const shots = flags.shots === undefined ? EXAM_PROTOCOLS[protocol].defaultShots : nonNegativeInteger("--shots", flags.shots);
    if (flags.format !== "raw" && flags.format !== "chatml") {
        throw new UserError(`unknown --format "${flags.format}"`, { expected: "raw or chatml" });
    }
    const loadOptions = { dataDir, truthfulqaSeed };
    const loaded = await loadBenchmark(spec.name, loadOptions);
    if (loaded.missingSubjects.length > 0) {
        context.io.stderr.write(`meditron: ${spec.name}: no test file for subjects ${loaded.missingSubjects.join(", ")}; their items are left out\n`);
    }
    const items = selectItems(loaded.items, flags.items, spec.name);
    const pool = shots > 0 ? await loadShotPool(spec.name, parseShotSource(flags.shotsFrom), loadOptions) : undefined;
    // Say where demonstrations come from (and when that differs from the paper) without mixing it into the JSON on stdout.
    if (pool !== undefined) context.io.stderr.write(`meditron: ${shots} shots, seed ${seed}, from ${pool.description}\n`);
    const rendered = renderExamPrompts({
        benchmark: spec.name,
        items,
        shots,
        ...(pool === undefined ? {} : { pool }),
        seed,
        cot: EXAM_PROTOCOLS[protocol].cot,
        format: flags.format,
        trimQuestions: flags.trimQuestions === true
    });
    for (const { item, shots: demos, prompt } of rendered) {
        const line = { benchmark: spec.name, item: item.id, seed, prompt, gold: item.gold, shots: demos.map((demo) => demo.id) };
        context.io.stdout.write(`${JSON.stringify(line)}\n`);
    }
}

function requireProtocol(name: string): ExamProtocol {
    if (!(EXAM_PROTOCOL_NAMES as readonly string[]).includes(name)) {
        throw new UserError(`unknown protocol "${name}"`, { expected: `one of ${EXAM_PROTOCOL_NAMES.join(", ")}`, found: JSON.stringify(name) });
    }
    return name as ExamProtocol;
}

function selectItems(items: readonly BenchmarkItem[], list: string | undefined, benchmark: string): BenchmarkItem[] {
    if (list === undefined) return [...items];
    const byId = new Map(items.map((item) => [item.id, item]));
    return list
        .split(",")
        .map((id) => id.trim())
        .filter((id) => id !== "")
        .map((id) => {
            const item = byId.get(id);
            if (item === undefined) {
                throw new UserError(`${benchmark} has no item "${id}"`, {
                    expected: `an id of this benchmark (e.g. ${items.slice(0, 3).map((i) => i.id).join(", ")})`,
                    fix: "ids are the MedMCQA id, the PubMedQA PMID, subject:row for MMLU, and the 0-based row for MedQA and TruthfulQA"
                });
            }
            return item;
        });
}

function nonNegativeInteger(flag: string, value: string): number {
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
        throw new UserError(`invalid ${flag}`, { expected: "a non-negative integer", found: JSON.stringify(value) });
    }
    return Number(value);
}
