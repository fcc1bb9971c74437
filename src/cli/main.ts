import { Command, CommanderError } from "commander";
import { commands } from "./commands/index.js";
import type { CliContext } from "./CliCommand.js";
import { processIO, type CliIO } from "./io.js";
import { errorMessage, isUserError } from "../util/errors.js";
import { packageVersion } from "../util/packageInfo.js";

/**
 * Runs the CLI with `argv` (without node and script). Returns the exit code instead of exiting,
 * so tests run commands in-process.
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO(), signal?: AbortSignal): Promise<number> {
    const controller = new AbortController();
    signal?.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
    const context: CliContext = { io, exitCode: 0, signal: controller.signal };
    const verbose = argv.includes("--verbose");

    const program = new Command("meditron")
        .description("MediTron medical LLM toolkit: inference, safety, evaluation and the GAP-Replay corpus")
        .version(packageVersion(), "-V, --version")
        .option("--verbose", "print stack traces and debug details on errors")
        .exitOverride()
        .configureOutput({
            writeOut: (s) => io.stdout.write(s),
            writeErr: (s) => io.stderr.write(s)
        })
        .showSuggestionAfterError(true);

    for (const register of commands) register(program, context);
    // Sub-commands inherit the output routing and exit override.
    const applyToAll = (cmd: Command): void => {
        for (const sub of cmd.commands) {
            sub.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
            applyToAll(sub);
        }
    };
    applyToAll(program);

    try {
        await program.parseAsync([...argv], { from: "user" });
        return context.exitCode;
    } catch (error) {
        if (error instanceof CommanderError) {
            // --help and --version exit through here with code 0; usage errors were already printed.
            return error.exitCode;
        }
        if (isUserError(error) && !verbose) {
            io.stderr.write(`meditron: ${error.message}\n`);
        } else if (verbose) {
            io.stderr.write(`meditron: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        } else {
            io.stderr.write(`meditron: ${errorMessage(error)} (run with --verbose for details)\n`);
        }
        return context.exitCode !== 0 ? context.exitCode : 1;
    }
}
