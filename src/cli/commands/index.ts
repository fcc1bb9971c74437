import type { RegisterCommand } from "../CliCommand.js";

/** Every CLI command, in the order `meditron --help` lists them. One file per command. */
export const commands: readonly RegisterCommand[] = [
];
