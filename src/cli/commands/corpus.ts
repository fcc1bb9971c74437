import type { RegisterCommand } from "../CliCommand.js";
import { registerCorpusBuild } from "./corpus/build.js";
import { registerCorpusMegatronScript } from "./corpus/megatronScript.js";
import { registerCorpusStats } from "./corpus/stats.js";

/** `meditron corpus`: build MediTron's GAP-Replay pre-training corpus for Megatron-LLM. */
export const registerCorpus: RegisterCommand = (program, context) => {
    const corpus = program
        .command("corpus")
        .description("build MediTron's GAP-Replay pre-training corpus (clean, dedup, mix, tokenize) as Megatron datasets");
    registerCorpusBuild(corpus, context);
    registerCorpusStats(corpus, context);
    registerCorpusMegatronScript(corpus, context);
};
