import type { Command } from "commander";
import path from "node:path";
import { htmlReport } from "../../../eval/report/htmlReport.js";
import { markdownReport } from "../../../eval/report/markdownReport.js";
import { readRunDirectory } from "../../../eval/store/runDirectory.js";
import { atomicWriteFile } from "../../../util/atomicWrite.js";
import type { CliContext } from "../../CliCommand.js";

/** `meditron eval report RUN...`: the paper-layout Markdown table on stdout, optionally files. */
export function registerEvalReport(evalCommand: Command, context: CliContext): void {
    evalCommand
        .command("report")
        .description("render runs as the paper's table (Markdown) and a self-contained HTML report with charts")
        .argument("<runs...>", "run directories written by `meditron eval run` (or their results.json)")
        .option("--html <file>", "also write a self-contained HTML report (inline SVG charts, no external assets)")
        .option("--markdown <file>", "write the Markdown report to a file instead of stdout")
        .option("--finetuned", "also list the paper's Table 5 rows (task-finetuned models)")
        .action(async (runPaths: string[], options: { html?: string; markdown?: string; finetuned?: boolean }) => {
            const runs = [];
            for (const runPath of runPaths) runs.push(await readRunDirectory(runPath));
            const reportOptions = { includeFinetuned: options.finetuned === true };
            const markdown = markdownReport(runs, reportOptions);
            if (options.markdown !== undefined) {
                await atomicWriteFile(options.markdown, markdown);
                context.io.stderr.write(`wrote ${path.resolve(options.markdown)}\n`);
            } else {
                context.io.stdout.write(markdown);
            }
            if (options.html !== undefined) {
                await atomicWriteFile(options.html, htmlReport(runs, reportOptions));
                context.io.stderr.write(`wrote ${path.resolve(options.html)}\n`);
            }
        });
}
