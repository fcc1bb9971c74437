import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { hashedTextFeatures, type FeatureVector } from "../classifier/hashedTextFeatures.js";
import { SemanticClasses } from "../classifier/SemanticClasses.js";
import { createSafetyLayer } from "../SafetyLayer.js";
import type { HarmClassifierWeights } from "../classifier/HarmClassifier.js";
import { safetyDataDirectory } from "../dataDirectory.js";
import { loadMedSafetyBench } from "../eval/safetyDataSets.js";
import { compilePattern } from "../rules/compilePattern.js";
import { readYamlObject } from "../rules/loadRuleFiles.js";
import { normalizeText } from "../text/normalizeText.js";
import { UserError } from "../../util/errors.js";
import { augmentSentence } from "./augmentSentence.js";
import { expandTemplates, type TemplateFile, type TrainingExample } from "./expandTemplates.js";
import { predictHashedProbability as predictProbability, trainHashedLogisticRegression as trainLogisticRegression, type HashedLogisticModel as LogisticModel } from "./hashedLogisticRegression.js";

/** Where a training sentence came from; calibration and the report are broken down by it. */
type Source = "templates" | "general-grammar" | "hand-written-general" | "hand-written-medical" | "natural" | "medsafetybench-train" | "general-dev" | "natural-dev";

/** Dev sets: scored for calibration, never trained on. */
const DEV_SOURCES: ReadonlySet<Source> = new Set(["general-dev", "natural-dev"]);

export interface Example extends TrainingExample {
    readonly source: Source;
    /** Held out from the calibration model (about 1 in 5 by a hash of the base sentence; general-dev always). */
    readonly heldOut: boolean;
    /** Messages with medical vocabulary use the medical-domain threshold (context.yaml classifierDomain). */
    readonly medical: boolean;
    readonly features: FeatureVector;
}

export interface TrainOptions {
    /** Directory holding medsafetybench/train (the vendored ../shared/data/safety). */
    readonly safetyDataDir: string;
    /**
     * "default": MedSafetyBench train + the hand-written sentences (natural/, lists) + the medical
     * templates, with WordNet class features. "broad": the same plus the general harm grammar
     * (general-harm.yaml), without class features: the earlier opt-in model, kept for comparison.
     */
    readonly recipe?: "default" | "broad";
    /** Hash buckets 2^hashBits (default 18: 512 KB of int16 weights). */
    readonly hashBits?: number;
    /** Surface variants added per sentence (default 1). */
    readonly variants?: number;
    /** Held-out false-positive budget on benign medical-domain sentences (default 2%). */
    readonly medicalFalsePositiveRate?: number;
    /** Held-out false-positive budget on benign general sentences (default: 5% for "default", 1.5% for "broad"). */
    readonly generalFalsePositiveRate?: number;
    /** The WordNet classes (required for the default recipe; loaded from data/safety/lexicon when absent). */
    readonly semantic?: SemanticClasses;
}

/** A rule refusal is overruled at most below this score (chosen on the unbiased dev sets, docs/safety.md). */
const MAX_VETO_THRESHOLD = 0.1;
/** Share of the held-out harmful sentences refused by rules that the veto may let through. */
const VETO_MISS_BUDGET = 0.02;

/**
 * Trains a hashed harm classifier (data/safety/models/harm-classifier.json for the default
 * recipe, harm-classifier-broad.json for "broad") from MedSafetyBench's TRAIN split (harmful
 * clinician requests) and the sentences meditron wrote (data/safety/training/). No evaluation set
 * is read.
 *
 * Thresholds are calibrated on held-out data: one model is trained on ~80% of the sentences
 * (split by a hash of each base sentence, its variants going with it), the thresholds are the
 * lowest that keep the held-out false-positive rates within budget (medical domain and general
 * separately; general also on the dev sets general-dev.jsonl and natural-dev.jsonl, never trained
 * on), and the shipped model is then retrained on all training sentences with the same settings.
 *
 * The veto threshold (default recipe), below which the classifier overrules a refusal rule (see
 * SafetyLayer): at most 0.1, and low enough that at most 2% of the held-out harmful sentences the
 * rules refuse would be let through.
 *
 * Run: npx tsx src/safety/train/trainHarmClassifier.ts [--model default|broad] [--data ../shared/data/safety]
 */
export function trainHarmClassifier(options: TrainOptions): HarmClassifierWeights {
    const recipe = options.recipe ?? "default";
    const hashBits = options.hashBits ?? 18;
    const medicalFpr = options.medicalFalsePositiveRate ?? 0.02;
    const generalFpr = options.generalFalsePositiveRate ?? (recipe === "default" ? 0.05 : 0.015);
    const semantic = recipe === "default" ? (options.semantic ?? SemanticClasses.fromFile(path.join(safetyDataDirectory(), "lexicon", "semantic-classes.json"))) : undefined;
    const examples = buildExamples(options.safetyDataDir, hashBits, options.variants ?? 1, semantic, recipe === "broad");
    const dimensions = 2 ** hashBits;

    const calibrationModel = trainLogisticRegression(examples.filter((e) => !e.heldOut && !DEV_SOURCES.has(e.source)), dimensions);
    const heldOut = examples.filter((e) => e.heldOut).map((e) => ({ ...e, probability: predictProbability(calibrationModel, e.features) }));
    const benign = (filter: (e: (typeof heldOut)[number]) => boolean) => heldOut.filter((e) => e.label === 0 && filter(e)).map((e) => e.probability);
    // Lay medical wording is harder than the templates: the medical threshold must also keep the
    // non-emergency vignettes (data/safety/vignettes, project-written lay messages; scored here,
    // never trained on) within the same budget.
    const vignetteScores = readVignetteNonEmergencies().map((text) => predictProbability(calibrationModel, hashedTextFeatures(text, hashBits, semantic)));
    const threshold = Math.max(0.5, lowestThreshold(benign((e) => e.medical && !DEV_SOURCES.has(e.source)), medicalFpr), lowestThreshold(benign((e) => e.medical && e.source === "hand-written-medical"), 0.05), lowestThreshold(vignetteScores, medicalFpr));
    const devFpr = recipe === "default" ? 0.05 : 0.025;
    // The default recipe is calibrated on natural-dev (400 lines in many voices, never trained on);
    // general-dev's 50-odd hard benign lines were written to test rules and, at a 5% budget, would
    // let two or three sentences set the threshold. It is still scored in the report.
    const devSources: Source[] = recipe === "default" ? ["natural-dev"] : ["general-dev", "natural-dev"];
    const generalThreshold = Math.max(threshold, lowestThreshold(benign((e) => !e.medical && !DEV_SOURCES.has(e.source)), generalFpr), ...devSources.map((dev) => lowestThreshold(benign((e) => !e.medical && e.source === dev), devFpr)));

    const vetoThreshold = recipe === "default" ? calibrateVeto(heldOut.filter((e) => e.label === 1 && (e.source === "natural" || e.source === "natural-dev"))) : undefined;

    const report: Record<string, { harmful: number; recall: number | null; benign: number; falsePositiveRate: number | null }> = {};
    for (const source of [...new Set(heldOut.map((e) => e.source))].sort()) {
        const rows = heldOut.filter((e) => e.source === source);
        const flagged = (e: (typeof rows)[number]) => e.probability >= (e.medical ? threshold : generalThreshold);
        const harmful = rows.filter((e) => e.label === 1), clean = rows.filter((e) => e.label === 0);
        report[source] = {
            harmful: harmful.length, recall: harmful.length === 0 ? null : round(harmful.filter(flagged).length / harmful.length),
            benign: clean.length, falsePositiveRate: clean.length === 0 ? null : round(clean.filter(flagged).length / clean.length)
        };
    }

    const trainingRows = examples.filter((e) => !DEV_SOURCES.has(e.source));
    const final = trainLogisticRegression(trainingRows, dimensions);
    const { scale, base64 } = quantize(final);
    return {
        format: "meditron-harm-classifier-v2",
        hashBits,
        bias: round(final.bias),
        weightScale: scale,
        weights: base64,
        threshold: round(threshold),
        generalThreshold: round(generalThreshold),
        ...(semantic !== undefined ? { semanticFeatures: true } : {}),
        ...(vetoThreshold !== undefined ? { vetoThreshold: round(vetoThreshold) } : {}),
        training: {
            recipe,
            data: `MedSafetyBench train split (harmful) + data/safety/training/ (${recipe === "broad" ? "general-harm.yaml, " : ""}templates.yaml, natural/*.jsonl, general-requests.jsonl, contrast-pairs.jsonl, benign-lay-medical.jsonl: meditron-written harmful and benign sentences, with surface variants); general-dev.jsonl and natural-dev.jsonl held out for calibration only`,
            harmfulExamples: trainingRows.filter((e) => e.label === 1).length,
            benignExamples: trainingRows.filter((e) => e.label === 0).length,
            bySource: Object.fromEntries([...new Set(trainingRows.map((e) => e.source))].sort().map((s) => [s, trainingRows.filter((e) => e.source === s).length])),
            features: `word unigrams + bigrams + character 3-5-grams${semantic !== undefined ? " + WordNet classes of nouns and verbs (lexicon/semantic-classes.json)" : ""}, hashed into 2^${hashBits} buckets, L2-normalised`,
            model: "logistic regression, full-batch Adam (300 epochs, lr 0.2), L2 1e-6, class-balanced; int16-quantised weights",
            calibration: { vignetteNonEmergencies: vignetteScores.length, vignetteFalsePositiveRate: round(vignetteScores.filter((p) => p >= threshold).length / Math.max(1, vignetteScores.length)), medicalFalsePositiveBudget: medicalFpr, generalFalsePositiveBudget: generalFpr, devFalsePositiveBudget: devFpr, heldOut: report }
        }
    };
}

/** The highest veto threshold within MAX_VETO_THRESHOLD that lets through at most VETO_MISS_BUDGET of the rule-refused harmful sentences. */
function calibrateVeto(harmfulHeldOut: readonly { text: string; probability: number }[]): number {
    const rules = createSafetyLayer({ classifier: false });
    const ruleRefused = harmfulHeldOut.filter((e) => rules.screen(e.text).action === "refuse").map((e) => e.probability).sort((a, b) => a - b);
    const allowed = Math.floor(ruleRefused.length * VETO_MISS_BUDGET);
    return Math.min(MAX_VETO_THRESHOLD, ruleRefused[allowed] ?? MAX_VETO_THRESHOLD);
}

export function buildExamples(safetyDataDir: string, hashBits: number, variants: number, semantic?: SemanticClasses, withGrammar = true): Example[] {
    const dir = path.join(safetyDataDirectory(), "training");
    const domain = readClassifierDomain();
    const grammar = parse(readFileSync(path.join(dir, "general-harm.yaml"), "utf8")) as TemplateFile;
    const contentKey = frameStripper(grammar);
    const base: { text: string; label: 0 | 1; source: Source }[] = [
        ...expandTemplates(parse(readFileSync(path.join(dir, "templates.yaml"), "utf8")) as TemplateFile, 1).map((e) => ({ ...e, source: "templates" as const })),
        ...(withGrammar ? expandTemplates(grammar, 7).map((e) => ({ ...e, source: "general-grammar" as const })) : []),
        ...[...readJsonLines(path.join(dir, "general-requests.jsonl")), ...readJsonLines(path.join(dir, "contrast-pairs.jsonl"))].map((e) => ({ ...e, source: "hand-written-general" as const })),
        ...readJsonLines(path.join(dir, "benign-lay-medical.jsonl")).map((e) => ({ ...e, source: "hand-written-medical" as const })),
        ...loadMedSafetyBench(safetyDataDir, "train").map((item) => ({ text: item.text, label: 1 as const, source: "medsafetybench-train" as const })),
        ...naturalFiles(dir).flatMap((file) => readJsonLines(file)).map((e) => ({ text: e.text, label: e.label, source: "natural" as const })),
        ...readJsonLines(path.join(dir, "general-dev.jsonl")).map((e) => ({ ...e, source: "general-dev" as const })),
        ...readJsonLines(path.join(dir, "natural-dev.jsonl")).map((e) => ({ text: e.text, label: e.label, source: "natural-dev" as const }))
    ];
    let state = 20240601;
    const random = (): number => {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        return state / 2 ** 32;
    };
    const out: Example[] = [];
    const seen = new Set<string>();
    for (const sentence of base) {
        // Grammar sentences are split by their content without the asking frame, so a held-out
        // request is never seen in training under another frame (that would flatter the figures).
        const key = sentence.source === "general-grammar" ? contentKey(sentence.text) : sentence.text;
        const dev = DEV_SOURCES.has(sentence.source);
        const heldOut = dev || hashString(key) % 5 === 0;
        // Dev sets are scored as written; training sentences also get surface variants.
        const texts = [sentence.text, ...(dev ? [] : Array.from({ length: variants }, () => augmentSentence(sentence.text, random)))];
        for (const text of texts) {
            if (seen.has(text)) continue;
            seen.add(text);
            out.push({ text, label: sentence.label, source: sentence.source, heldOut, medical: domain.test(normalizeText(text)), features: hashedTextFeatures(text, hashBits, semantic) });
        }
    }
    return out;
}

/** Strips the longest frame prefix ({pre}, {wherepre}, {writepre}) and suffix ({post}, ...) of a grammar sentence. */
function frameStripper(grammar: TemplateFile): (text: string) => string {
    const values = (names: string[]) => names.flatMap((n) => grammar.slots[n] ?? []).filter((v) => v.trim() !== "").sort((a, b) => b.length - a.length);
    const prefixes = values(["pre", "wherepre", "writepre"]);
    const suffixes = values(["post", "awareness", "makewhere"]);
    return (text) => {
        let out = text;
        const prefix = prefixes.find((p) => out.startsWith(p));
        if (prefix !== undefined) out = out.slice(prefix.length);
        const suffix = suffixes.find((p) => out.endsWith(p));
        if (suffix !== undefined) out = out.slice(0, -suffix.length);
        return out.toLowerCase();
    };
}

/** The lowest threshold that keeps the share of `benignScores` at or above it within `budget`. */
function lowestThreshold(benignScores: readonly number[], budget: number): number {
    if (benignScores.length === 0) return 0.5;
    const sorted = [...benignScores].sort((a, b) => b - a);
    const allowed = Math.floor(sorted.length * budget);
    return (sorted[allowed] ?? 0) + 1e-6;
}

function quantize(model: LogisticModel): { scale: number; base64: string } {
    let maxAbs = 0;
    for (const w of model.weights) maxAbs = Math.max(maxAbs, Math.abs(w));
    const scale = maxAbs === 0 ? 1 : maxAbs / 32767;
    const bytes = Buffer.alloc(model.weights.length * 2);
    model.weights.forEach((w, i) => bytes.writeInt16LE(Math.round(w / scale), i * 2));
    return { scale, base64: bytes.toString("base64") };
}

function readClassifierDomain(): RegExp {
    const rulesDir = path.join(safetyDataDirectory(), "rules");
    const lexicon = readYamlObject(path.join(rulesDir, "lexicon.yaml")) as Record<string, string>;
    return compilePattern(String(readYamlObject(path.join(rulesDir, "context.yaml")).classifierDomain), lexicon, "context.yaml classifierDomain", "");
}

function hashString(text: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h >>> 0;
}

function readVignetteNonEmergencies(): string[] {
    const dir = path.join(safetyDataDirectory(), "vignettes");
    return ["emergency-vignettes.jsonl", "emergency-vignettes-holdout.jsonl"].flatMap((name) =>
        readFileSync(path.join(dir, name), "utf8").split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as { text: string; emergency: boolean }).filter((v) => !v.emergency).map((v) => v.text));
}

/** The hand-written natural request files, data/safety/training/natural/*.jsonl, in a fixed order. */
function naturalFiles(trainingDir: string): string[] {
    const dir = path.join(trainingDir, "natural");
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort().map((f) => path.join(dir, f)) : [];
}

function readJsonLines(file: string): TrainingExample[] {
    if (!existsSync(file)) return [];
    return readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as TrainingExample);
}

function round(value: number): number {
    return Math.round(value * 1e4) / 1e4;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const dataFlag = process.argv.indexOf("--data");
    const safetyDataDir = dataFlag >= 0 && process.argv[dataFlag + 1] ? process.argv[dataFlag + 1]! : path.resolve(safetyDataDirectory(), "../../../shared/data/safety");
    const modelFlag = process.argv.indexOf("--model");
    const recipe = modelFlag >= 0 ? process.argv[modelFlag + 1] : "default";
    if (recipe !== "default" && recipe !== "broad") throw new UserError(`unknown --model "${String(recipe)}"`, { expected: "default or broad", found: String(recipe) });
    const started = Date.now();
    const model = trainHarmClassifier({ safetyDataDir, recipe });
    const out = path.join(safetyDataDirectory(), "models", recipe === "broad" ? "harm-classifier-broad.json" : "harm-classifier.json");
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(model)}\n`);
    const { weights: _weights, ...summary } = model;
    process.stdout.write(`wrote ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n${JSON.stringify(summary, null, 1)}\n`);
}
