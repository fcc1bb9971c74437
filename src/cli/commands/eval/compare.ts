import type { Command } from "commander";
import { compareRuns, formatComparison } from "../../../eval/report/compareRuns.js";
import { readRunDirectory } from "../../../eval/store/runDirectory.js";
import type { CliContext } from "../../CliCommand.js";

/** `meditron eval compare A B`: paired differences per benchmark with McNemar's test. */
export function registerEvalCompare(evalCommand: Command, context: CliContext): void {
    evalCommand
        .command("compare")
        .description("paired comparison of two runs per benchmark (B − A) with McNemar's test")
        .argument("<a>", "first run directory")
        .argument("<b>", "second run directory")
        .option("--json", "print the comparison as JSON")
        .action(async (a: string, b: string, options: { json?: boolean }) => {
            const runA = await readRunDirectory(a);
            const runB = await readRunDirectory(b);
            const comparison = compareRuns(runA, runB);
            if (options.json) {
                context.io.stdout.write(JSON.stringify(comparison, null, 2) + "\n");
                return;
            }
            const label = (run: typeof runA) => `${run.results.model.name} (${run.results.protocol}) ${run.directory}`;
            context.io.stdout.write(formatComparison(comparison, label(runA), label(runB)));
        });
}
