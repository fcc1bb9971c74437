import { InvalidArgumentError, Option } from "commander";
import path from "node:path";
import type { RegisterCommand } from "../CliCommand.js";
import { synthesizeModel } from "../../models/gguf/synthesizeModel.js";
import { MODEL_PRESETS, PRESET_NAMES, WEIGHT_TYPES, type PresetName, type WeightType } from "../../models/gguf/modelPresets.js";
import { formatBytes, formatCount } from "../../models/gguf/formatSize.js";
import { createProgressBar, type ProgressBar } from "../../util/progress.js";

interface SynthFlags {
    preset: PresetName;
    output: string;
    seed?: number;
    constantAnswer?: string;
    type?: WeightType;
}

/** `meditron model ...`: model file tools. `model synth` writes a synthetic MediTron GGUF. */
export const registerModelCommand: RegisterCommand = (program, context) => {
    const model = program.command("model").description("model file tools (synthetic GGUF models for tests and benchmarks)");
    model
        .command("synth")
        .description("write a synthetic Llama-architecture GGUF with MediTron's tokenizer and seeded random weights")
        .addOption(new Option("--preset <name>", PRESET_NAMES.map((n) => `${n}: ${MODEL_PRESETS[n].description}`).join("; "))
            .choices(PRESET_NAMES).default("tiny"))
        .requiredOption("-o, --output <file>", "where to write the .gguf file")
        .option("--seed <n>", "seed of the random weights (same seed, same bytes)", parseSeed)
        .option("--constant-answer <text>", 'make the model answer this one-token text after any prompt, e.g. " A"')
        .addOption(new Option("--type <type>", "storage type of the weight matrices (default: the preset's)").choices(WEIGHT_TYPES))
        .action(async (flags: SynthFlags) => {
            const { io } = context;
            const outputPath = path.resolve(flags.output);
            let progress: ProgressBar | undefined;
            const result = await synthesizeModel({
                outputPath,
                preset: flags.preset,
                ...(flags.seed === undefined ? {} : { seed: flags.seed }),
                ...(flags.type === undefined ? {} : { type: flags.type }),
                ...(flags.constantAnswer === undefined ? {} : { constantAnswer: flags.constantAnswer }),
                signal: context.signal,
                // Progress only matters for the big presets; tiny writes in a fraction of a second.
                ...(flags.preset === "tiny" ? {} : {
                    onProgress: (done: number, total: number) => {
                        progress ??= createProgressBar({ output: io.stderr, isTTY: io.isTTY, total, unit: "bytes", label: path.basename(outputPath) });
                        progress.update(done);
                    }
                })
            });
            progress?.finish();
            const lines = [
                `path:        ${result.path}`,
                `preset:      ${result.preset} (${result.type}, seed ${result.seed})`,
                `size:        ${formatBytes(result.sizeBytes)} (${result.sizeBytes} bytes)`,
                `parameters:  ${formatCount(result.parameterCount)} (${result.parameterCount})`,
                `tensors:     ${result.tensorCount}`,
                ...(result.constantAnswerTokenId === undefined ? [] : [`answer token: ${result.constantAnswerTokenId} (${JSON.stringify(flags.constantAnswer)})`]),
                `time:        ${result.seconds.toFixed(2)} s`
            ];
            io.stdout.write(lines.join("\n") + "\n");
        });
};

function parseSeed(value: string): number {
    const n = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > 0xffffffff) {
        throw new InvalidArgumentError("expected an integer from 0 to 4294967295");
    }
    return n;
}
