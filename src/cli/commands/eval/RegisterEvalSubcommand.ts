import type { Command } from "commander";
import type { CliContext } from "../../CliCommand.js";

/** One `meditron eval <subcommand>`, each in its own file under cli/commands/eval/, listed in eval.ts. */
export type RegisterEvalSubcommand = (evalCommand: Command, context: CliContext) => void;
