import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../../CliCommand.js";
import { UserError } from "../../../util/errors.js";
import { parseCorpusConfig } from "../../../corpus/config/parseCorpusConfig.js";
import { buildCorpus } from "../../../corpus/pipeline/buildCorpus.js";
import { renderStatsMarkdown } from "../../../corpus/pipeline/CorpusStats.js";
import { synthesizeModel } from "../../../models/gguf/synthesizeModel.js";

/** Writes (once) a small GGUF carrying MediTron's vocabulary, used when the user names no tokenizer. */
async function builtinTokenizer(outDir: string): Promise<string> {
    const file = path.join(outDir, ".tokenizer", "meditron-tokenizer.gguf");
    if (!existsSync(file)) {
        await mkdir(path.dirname(file), { recursive: true });
        await synthesizeModel({ outputPath: file, preset: "tiny", seed: 1 });
    }
    return file;
}

export function registerCorpusBuild(corpus: Command, context: CliContext): void {
    corpus
        .command("build")
        .description("run a corpus build described by a YAML config; rerun to resume after an interruption")
        .argument("<config>", "YAML config file (see docs/commands/corpus-build.md)")
        .option("--tokenizer <gguf>", "GGUF with MediTron's vocabulary (default: config tokenizer.model, else a built-in one)")
        .option("--workers <n>", "worker threads (overrides the config)")
        .option("--strict", "stop at the first bad input (corrupt gzip, invalid XML, bad JSON) instead of skipping it")
        .option("--fresh", "discard a previous, interrupted build in the output folder and start over")
        .action(async (configPath: string, opts: { tokenizer?: string; workers?: string; strict?: boolean; fresh?: boolean }) => {
            let text: string;
            try {
                text = await readFile(configPath, "utf8");
            } catch {
                throw new UserError(`cannot read corpus config ${configPath}`, { expected: "a readable YAML file", fix: "check the path" });
            }
            let config = parseCorpusConfig(text, path.dirname(path.resolve(configPath)), configPath);
            if (opts.workers !== undefined) {
                const workers = Number(opts.workers);
                if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new UserError("invalid --workers", { expected: "an integer from 1 to 256", found: opts.workers });
                config = { ...config, workers };
            }
            const tokenizerModel = opts.tokenizer !== undefined ? path.resolve(opts.tokenizer) : config.tokenizer.model ?? await builtinTokenizer(config.output.dir);
            if (!existsSync(tokenizerModel)) throw new UserError(`tokenizer model ${tokenizerModel} does not exist`, { fix: "pass --tokenizer <file.gguf> or omit it to use the built-in MediTron vocabulary" });
            const result = await buildCorpus(config, {
                tokenizerModel,
                strict: opts.strict === true,
                fresh: opts.fresh === true,
                signal: context.signal,
                onShard: (done, total) => {
                    if (context.io.isTTY) context.io.stderr.write(`\rshards ${done}/${total}`);
                }
            });
            if (context.io.isTTY) context.io.stderr.write("\n");
            if (result.resumedFromShard > 0) context.io.stderr.write(`resumed after ${result.resumedFromShard} completed shards\n`);
            context.io.stdout.write(renderStatsMarkdown(result.report));
            context.io.stdout.write(`\nwrote ${result.files.trainPrefix}.{bin,idx}, ${result.files.validationPrefix}.{bin,idx}, ${result.files.stats}\n`);
        });
}
