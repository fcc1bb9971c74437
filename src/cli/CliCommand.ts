import type { Command } from "commander";
import type { CliIO } from "./io.js";

/**
 * One CLI command (or command group). Each lives in its own file under cli/commands and is
 * listed once in cli/commands/index.ts.
 *
 * An action sets `context.exitCode` when it wants a non-zero exit without an error message;
 * it throws a UserError for a one-line message.
 */
export interface CliContext {
    readonly io: CliIO;
    exitCode: number;
    /** Aborted on Ctrl-C (SIGINT) so long work can stop cleanly and keep what it computed. */
    readonly signal: AbortSignal;
}

export type RegisterCommand = (program: Command, context: CliContext) => void;
