import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../../CliCommand.js";
import { UserError } from "../../../util/errors.js";
import { megatronLaunchScript } from "../../../corpus/megatron/megatronScript.js";
import { readStatsReport } from "./stats.js";

export function registerCorpusMegatronScript(corpus: Command, context: CliContext): void {
    corpus
        .command("megatron-script")
        .description("write the Megatron-LLM finetune.py launch script (MediTron 7B/70B hyper-parameters) for a built corpus")
        .argument("<out>", "output folder of a corpus build")
        .option("--size <size>", "7b or 70b", "7b")
        .option("--prefix <prefix>", "dataset prefix used by the build (output.prefix)", "gap-replay")
        .option("--gpus-per-node <n>", "GPUs per node", "8")
        .option("--decay-epochs <n>", "epochs the cosine schedule spans (MediTron: 2)", "2")
        .option("-o, --output <file>", "write the script to this file (default: stdout)")
        .action(async (out: string, opts: { size: string; prefix: string; gpusPerNode: string; decayEpochs: string; output?: string }) => {
            if (opts.size !== "7b" && opts.size !== "70b") throw new UserError("invalid --size", { expected: "7b or 70b", found: opts.size });
            const gpusPerNode = Number(opts.gpusPerNode);
            const decayEpochs = Number(opts.decayEpochs);
            if (!Number.isInteger(gpusPerNode) || gpusPerNode < 1) throw new UserError("invalid --gpus-per-node", { expected: "a positive integer", found: opts.gpusPerNode });
            if (!(decayEpochs >= 1)) throw new UserError("invalid --decay-epochs", { expected: "a number >= 1", found: opts.decayEpochs });
            const report = await readStatsReport(out);
            const dir = path.resolve(out);
            const script = megatronLaunchScript({
                size: opts.size,
                trainPrefix: path.join(dir, `${opts.prefix}-train_text_document`),
                validationPrefix: path.join(dir, `${opts.prefix}-validation_text_document`),
                trainTokens: report.sources.reduce((s, x) => s + x.train.tokens, 0),
                validationTokens: report.sources.reduce((s, x) => s + x.validation.tokens, 0),
                decayEpochs,
                gpusPerNode
            });
            if (opts.output === undefined) context.io.stdout.write(script);
            else {
                await writeFile(opts.output, script, { mode: 0o755 });
                context.io.stdout.write(`wrote ${opts.output}\n`);
            }
        });
}
