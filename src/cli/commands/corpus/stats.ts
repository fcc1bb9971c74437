import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../../CliCommand.js";
import { UserError } from "../../../util/errors.js";
import { renderStatsMarkdown, type CorpusStatsReport } from "../../../corpus/pipeline/CorpusStats.js";

export async function readStatsReport(outDir: string): Promise<CorpusStatsReport> {
    const file = path.join(outDir, "stats.json");
    let text: string;
    try {
        text = await readFile(file, "utf8");
    } catch {
        throw new UserError(`no corpus build report in ${outDir}`, { expected: `${file} written by \`meditron corpus build\``, fix: "pass the output.dir of a finished build" });
    }
    try {
        const report = JSON.parse(text) as CorpusStatsReport;
        if (report.version !== 1 || !Array.isArray(report.sources)) throw new Error("unexpected shape");
        return report;
    } catch (error) {
        throw new UserError(`corpus report ${file} is not a meditron stats file`, { found: error instanceof Error ? error.message : String(error), fix: "rebuild the corpus" });
    }
}

export function registerCorpusStats(corpus: Command, context: CliContext): void {
    corpus
        .command("stats")
        .description("print a build's per-source table (documents, tokens, train/validation, removals per filter)")
        .argument("<out>", "output folder of a corpus build")
        .option("--json", "print stats.json instead of the Markdown table")
        .action(async (out: string, opts: { json?: boolean }) => {
            const report = await readStatsReport(out);
            context.io.stdout.write(opts.json === true ? `${JSON.stringify(report, null, 2)}\n` : renderStatsMarkdown(report));
        });
}
