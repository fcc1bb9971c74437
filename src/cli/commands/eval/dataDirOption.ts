import path from "node:path";
import type { Command } from "commander";
import { UserError } from "../../../util/errors.js";
import type { CliContext } from "../../CliCommand.js";

/** Adds `--data <dir>` to an eval subcommand. */
export function addDataDirOption(command: Command): Command {
    return command.option("--data <dir>", "benchmark data directory laid out like the official releases (default: $MEDITRON_DATA_DIR)");
}

/**
 * The benchmark data directory: `--data`, else the MEDITRON_DATA_DIR environment variable
 * (read here, in the CLI; the library always takes the directory as an argument).
 */
export function resolveDataDir(flag: string | undefined, context: CliContext): string {
    const value = flag ?? context.io.env["MEDITRON_DATA_DIR"];
    if (value === undefined || value.trim() === "") {
        throw new UserError("no benchmark data directory", {
            expected: "--data DIR or the MEDITRON_DATA_DIR environment variable",
            found: "neither",
            fix: "point it at a directory laid out like the official releases (medqa/, medmcqa/, pubmedqa/, mmlu/, truthfulqa/); `meditron eval datasets --data DIR` shows what is expected"
        });
    }
    return path.resolve(value);
}
