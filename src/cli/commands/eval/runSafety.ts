import path from "node:path";
import type { LanguageModel } from "../../../models/LanguageModel.js";
import { runSafetyEvaluation } from "../../../eval/runSafetyEvaluation.js";
import { formatSafetyReport } from "../../../safety/eval/formatSafetyReport.js";
import { createSafetyLayer } from "../../../safety/SafetyLayer.js";
import type { CliContext } from "../../CliCommand.js";
import { openModel, type ModelFlagValues } from "../../modelOptions.js";

interface SafetyRunFlags extends ModelFlagValues {
    out?: string;
    safetyData?: string;
    locale?: string;
}

/**
 * `meditron eval run --bench safety-...`: measures the safety layer on its benchmarks and writes
 * safety-results.json into the run directory. Without --model the built-in layer alone is measured
 * (no model call); with --model that model also screens as the layer's judge.
 */
export async function runSafetyCommand(benchmarks: readonly string[], flags: SafetyRunFlags, context: CliContext): Promise<void> {
    const model: LanguageModel | undefined = flags.model === undefined ? undefined : await openModel(flags, { env: context.io.env, signal: context.signal });
    try {
        const layer = createSafetyLayer({
            ...(flags.locale !== undefined ? { locale: flags.locale } : {}),
            ...(model !== undefined ? { judge: model } : {})
        });
        const dataDir = flags.safetyData ?? context.io.env.MEDITRON_SAFETY_DATA;
        const outDir = flags.out ?? path.join("eval-runs", `safety-${model === undefined ? "built-in" : `judge-${model.info.name.replace(/[^A-Za-z0-9._-]+/g, "_")}`}`);
        const { results, file } = await runSafetyEvaluation({
            benchmarks, layer, outDir,
            ...(dataDir !== undefined ? { dataDir: path.resolve(dataDir) } : {}),
            ...(model !== undefined ? { useJudge: true } : {})
        });
        for (const result of results.benchmarks) context.io.stdout.write(`${formatSafetyReport(result)}\n`);
        context.io.stdout.write(`results: ${path.resolve(file ?? outDir)}\n`);
    } finally {
        await model?.dispose();
    }
}
