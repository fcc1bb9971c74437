import type { Command } from "commander";
import type { CliContext, RegisterCommand } from "../CliCommand.js";
import { registerEvalDatasets } from "./eval/datasets.js";
import { registerEvalPrompts } from "./eval/prompts.js";
import { registerEvalRun } from "./eval/run.js";
import { registerEvalReport } from "./eval/report.js";
import { registerEvalCompare } from "./eval/compare.js";
import type { RegisterEvalSubcommand } from "./eval/RegisterEvalSubcommand.js";

/** The `meditron eval` subcommands, in help order; each lives in its own file under eval/. */
const evalSubcommands: readonly RegisterEvalSubcommand[] = [registerEvalDatasets, registerEvalPrompts, registerEvalRun, registerEvalReport, registerEvalCompare];

/** `meditron eval`: the paper's evaluation harness (benchmarks, prompts, runs, reports). */
export const registerEval: RegisterCommand = (program: Command, context: CliContext) => {
    const evalCommand = program.command("eval").description("evaluate models on the MediTron paper's benchmarks and protocols");
    for (const register of evalSubcommands) register(evalCommand, context);
};
