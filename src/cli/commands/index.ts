import type { RegisterCommand } from "../CliCommand.js";
import { registerDemo } from "./demo.js";
import { registerAsk } from "./ask.js";
import { registerChat } from "./chat.js";
import { registerModelCommand } from "./model.js";
import { registerInfoCommand } from "./info.js";
import { registerServe } from "./serve.js";
import { registerEval } from "./eval.js";
import { registerCorpus } from "./corpus.js";
import { registerPull } from "./pull.js";
import { registerModels } from "./models.js";
import { registerSafety } from "./safety.js";

/** Every CLI command, in the order `meditron --help` lists them. One file per command. */
export const commands: readonly RegisterCommand[] = [
    registerDemo,
    registerAsk,
    registerChat,
    registerModelCommand,
    registerInfoCommand,
    registerServe,
    registerEval,
    registerCorpus,
    registerPull,
    registerModels,
    registerSafety,
];
