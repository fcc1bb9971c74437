import type { LanguageModel } from "../../models/LanguageModel.js";
import type { CliContext } from "../CliCommand.js";

/** What every demo step gets: the loaded synthetic model, where to write, and the demo's options. */
export interface DemoEnvironment {
    readonly context: CliContext;
    readonly model: LanguageModel;
    readonly modelPath: string;
    /** Scratch folder of this demo run (models, runs, corpus output). */
    readonly workDir: string;
    /** Benchmark data folder when one was found (steps that need it are skipped otherwise). */
    readonly dataDir: string | undefined;
    say(line?: string): void;
}

/**
 * One short step of `meditron demo`, showing one capability. Each capability (evaluation, server,
 * safety, corpus) adds its own step file and one entry in demoSteps.ts.
 */
export interface DemoStep {
    readonly title: string;
    run(env: DemoEnvironment): Promise<void>;
}
