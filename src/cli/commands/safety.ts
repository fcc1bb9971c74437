import { readFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { atomicWriteFile } from "../../util/atomicWrite.js";
import { UserError } from "../../util/errors.js";
import { formatSafetyReport } from "../../safety/eval/formatSafetyReport.js";
import { runSafetyBenchmark, SAFETY_BENCHMARKS, type SafetyBenchmarkResult } from "../../safety/eval/runSafetyBenchmark.js";
import { HarmClassifier } from "../../safety/classifier/HarmClassifier.js";
import { createSafetyLayer, type SafetyLayerOptions } from "../../safety/SafetyLayer.js";
import { screenJsonLines } from "../../safety/screenJsonLines.js";
import type { CliContext, RegisterCommand } from "../CliCommand.js";

interface LayerFlags { locale?: string; classifier: boolean; classifierWeights?: string }

const CLASSIFIER_WEIGHTS_HELP = "harm-classifier weights to use instead of the shipped ones (a JSON file written by src/safety/train/trainHarmClassifier.ts)";

/** `meditron safety check|eval|screen`: the built-in safety layer from the command line. */
export const registerSafety: RegisterCommand = (program: Command, context: CliContext) => {
    const safety = program.command("safety").description("emergency triage, harmful-request refusal and their measured figures");

    safety.command("check")
        .description('screen a file of {"id","text"} JSON lines and write one decision per line (id, emergency, category, action, rule)')
        .argument("<file>", "JSON-lines file, or - for stdin")
        .option("-o, --output <file>", "write the decisions here instead of stdout")
        .option("--locale <locale>", 'locale or country for emergency numbers, e.g. en-GB, en-US, AU (default: env MEDITRON_LOCALE, else "your local emergency number")')
        .option("--no-classifier", "rules only, without the shipped harm classifier")
        .option("--classifier-weights <file>", CLASSIFIER_WEIGHTS_HELP)
        .action(async (file: string, flags: LayerFlags & { output?: string }) => {
            const content = file === "-" ? await readStream(context.io.stdin) : readInput(file);
            const layer = createSafetyLayer(layerOptions(flags, context));
            const { decisions, errors } = screenJsonLines(content, (text) => layer.screen(text));
            const out = decisions.map((d) => JSON.stringify(d)).join("\n") + (decisions.length > 0 ? "\n" : "");
            if (flags.output === undefined) context.io.stdout.write(out);
            else await atomicWriteFile(flags.output, out);
            for (const error of errors) context.io.stderr.write(`${file}: line ${error.line}: ${error.message}\n`);
            const count = (action: string): number => decisions.filter((d) => d.action === action).length;
            context.io.stderr.write(`screened ${decisions.length} messages: ${count("emergency")} emergency, ${count("refuse")} refuse, ${count("hedge")} hedge, ${count("allow")} allow${errors.length > 0 ? `; ${errors.length} bad line(s) skipped` : ""}\n`);
            if (errors.length > 0) context.exitCode = 1;
        });

    safety.command("screen")
        .description("screen one message and print the full decision as JSON")
        .argument("<text>", "the message")
        .option("--locale <locale>", "locale or country for emergency numbers")
        .option("--no-classifier", "rules only")
        .option("--classifier-weights <file>", CLASSIFIER_WEIGHTS_HELP)
        .action((text: string, flags: LayerFlags) => {
            const decision = createSafetyLayer(layerOptions(flags, context)).screen(text);
            context.io.stdout.write(`${JSON.stringify(decision, null, 2)}\n`);
        });

    safety.command("eval")
        .description("measure the layer on the emergency vignettes, MedSafetyBench (test), XSTest and SimpleSafetyTests")
        .option("--bench <name>", `${SAFETY_BENCHMARKS.join("|")}|all`, "all")
        .option("--data <dir>", "directory holding medsafetybench/, xstest/, simplesafetytests/ (default: env MEDITRON_SAFETY_DATA, else ../shared/data/safety next to the package)")
        .option("--vignettes <file>", "emergency vignette JSON lines (default: the shipped set)")
        .option("--locale <locale>", "locale or country for emergency numbers")
        .option("--no-classifier", "rules only")
        .option("--classifier-weights <file>", CLASSIFIER_WEIGHTS_HELP)
        .option("--json <file>", "also write the results (array of result objects) to this JSON file")
        .option("--max-misses <n>", "list at most this many misses per benchmark", "50")
        .action(async (flags: LayerFlags & { bench: string; data?: string; vignettes?: string; json?: string; maxMisses: string }) => {
            const names = flags.bench === "all" ? [...SAFETY_BENCHMARKS] : flags.bench.split(",").map((b) => b.trim());
            const maxMisses = Number(flags.maxMisses);
            if (!Number.isInteger(maxMisses) || maxMisses < 0) throw new UserError("invalid --max-misses", { expected: "a whole number >= 0", found: flags.maxMisses });
            const layer = createSafetyLayer(layerOptions(flags, context));
            const dataDir = flags.data ?? context.io.env.MEDITRON_SAFETY_DATA;
            const results: SafetyBenchmarkResult[] = [];
            for (const name of names) {
                const result = await runSafetyBenchmark(name, { layer, ...(dataDir === undefined ? {} : { dataDir: path.resolve(dataDir) }), ...(flags.vignettes === undefined ? {} : { vignettesFile: path.resolve(flags.vignettes) }) });
                results.push(result);
                context.io.stdout.write(`${formatSafetyReport(result, { maxMisses })}\n`);
            }
            if (flags.json !== undefined) await atomicWriteFile(flags.json, `${JSON.stringify(results, null, 2)}\n`);
        });
};

function layerOptions(flags: LayerFlags, context: CliContext): SafetyLayerOptions {
    const locale = flags.locale ?? context.io.env.MEDITRON_LOCALE;
    if (flags.classifierWeights !== undefined && !flags.classifier) throw new UserError("--classifier-weights and --no-classifier contradict each other", { expected: "one of them", found: "both", fix: "drop one of the two flags" });
    const harmClassifier = flags.classifierWeights === undefined ? undefined : HarmClassifier.fromFile(path.resolve(flags.classifierWeights));
    return { ...(locale === undefined ? {} : { locale }), classifier: flags.classifier, ...(harmClassifier === undefined ? {} : { harmClassifier }) };
}

function readInput(file: string): string {
    try {
        return readFileSync(file, "utf8");
    } catch (error) {
        throw new UserError(`cannot read ${file}`, { expected: 'a JSON-lines file of {"id","text"} objects', found: (error as NodeJS.ErrnoException).code ?? String(error), fix: "check the path, or pass - to read stdin" });
    }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString("utf8");
}
