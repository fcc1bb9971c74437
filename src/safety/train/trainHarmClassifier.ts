import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { hashedTextFeatures, type FeatureVector } from "../classifier/hashedTextFeatures.js";
import { SemanticClasses } from "../classifier/SemanticClasses.js";
import { createSafetyLayer } from "../SafetyLayer.js";
import { HarmClassifier, type HarmClassifierWeights } from "../classifier/HarmClassifier.js";
import { safetyDataDirectory } from "../dataDirectory.js";
import { loadMedSafetyBench } from "../eval/safetyDataSets.js";
import { compilePattern } from "../rules/compilePattern.js";
import { readYamlObject } from "../rules/loadRuleFiles.js";
import { normalizeText } from "../text/normalizeText.js";
import { augmentSentence } from "./augmentSentence.js";
import { expandTemplates, type TemplateFile, type TrainingExample } from "./expandTemplates.js";
import { predictHashedProbability as predictProbability, trainHashedLogisticRegression as trainLogisticRegression, type HashedLogisticModel as LogisticModel } from "./hashedLogisticRegression.js";

/** Where a training sentence came from; calibration and the report are broken down by it. */
type Source = "templates" | "hand-written-general" | "hand-written-medical" | "natural" | "medsafetybench-train" | "general-dev" | "natural-dev";

/** Dev sets: scored for calibration, never trained on. */
const DEV_SOURCES: ReadonlySet<Source> = new Set(["general-dev", "natural-dev"]);

export interface Example extends TrainingExample {
    readonly source: Source;
    /** Held out from the calibration model (about 1 in 5 by a hash of the base sentence; dev sets always). */
    readonly heldOut: boolean;
    /** Messages with medical vocabulary use the medical-domain threshold (context.yaml classifierDomain). */
    readonly medical: boolean;
    readonly features: FeatureVector;
}

export interface TrainOptions {
    /** Directory holding medsafetybench/train (the vendored ../shared/data/safety). */
    readonly safetyDataDir: string;
    /** Hash buckets 2^hashBits (default 18: 512 KB of int16 weights). */
    readonly hashBits?: number;
    /** Surface variants added per sentence (default 1). */
    readonly variants?: number;
    /** Held-out false-positive budget on benign medical-domain sentences (default 2%). */
    readonly medicalFalsePositiveRate?: number;
    /** Held-out false-positive budget on benign general sentences (default 5%). */
    readonly generalFalsePositiveRate?: number;
    /** The WordNet classes (loaded from data/safety/lexicon when absent). */
    readonly semantic?: SemanticClasses;
}

/** A rule refusal is overruled at most below this score (chosen on the unbiased dev sets, docs/safety.md). */
const MAX_VETO_THRESHOLD = 0.1;
/** Share of the held-out harmful sentences refused by rules that the veto may let through. */
const VETO_MISS_BUDGET = 0.02;
/**
 * Share of natural-dev's benign sentences the WHOLE layer (rules, intent detectors, veto and
 * classifier together) may refuse: issue 6 allows 10% over-refusal; 3 points are kept in reserve
 * because other people's benign wording is harder than ours (XSTest's safe prompts were refused
 * more often than our dev sentences in every measurement).
 */
const LAYER_FALSE_REFUSAL_BUDGET = 0.07;

/**
 * Trains the harm classifier shipped in data/safety/models/harm-classifier.json from
 * MedSafetyBench's TRAIN split (harmful clinician requests) and the sentences meditron wrote
 * (data/safety/training/: natural/*.jsonl in many voices, the hand-written lists, the medical
 * templates). No evaluation set is read.
 *
 * Calibration uses data never trained on: one model is trained on ~80% of the sentences (split by
 * a hash of each base sentence, its variants going with it) and scored on the rest and on the dev
 * set natural-dev.jsonl; the shipped model is then retrained on all training sentences.
 * - medical threshold: the lowest keeping held-out benign medical sentences, the hand-written lay
 *   medical questions and the non-emergency vignettes within their budgets;
 * - general threshold: the lowest (not below the medical one) keeping held-out benign general
 *   sentences within 5%, and the whole layer's refusals of natural-dev's benign sentences within 7%;
 * - veto threshold, below which the classifier overrules a refusal rule (see SafetyLayer): at most
 *   0.1, and low enough that at most 2% of the held-out harmful sentences the rules refuse pass.
 *
 * Run: npx tsx src/safety/train/trainHarmClassifier.ts [--data ../shared/data/safety]
 */
export function trainHarmClassifier(options: TrainOptions): HarmClassifierWeights {
    const hashBits = options.hashBits ?? 18;
    const medicalFpr = options.medicalFalsePositiveRate ?? 0.02;
    const generalFpr = options.generalFalsePositiveRate ?? 0.05;
    const semantic = options.semantic ?? SemanticClasses.fromFile(path.join(safetyDataDirectory(), "lexicon", "semantic-classes.json"));
    const examples = buildExamples(options.safetyDataDir, hashBits, options.variants ?? 1, semantic);
    const domain = readClassifierDomain();
    const dimensions = 2 ** hashBits;

    const calibrationModel = trainLogisticRegression(examples.filter((e) => !e.heldOut && !DEV_SOURCES.has(e.source)), dimensions);
    const heldOut = examples.filter((e) => e.heldOut).map((e) => ({ ...e, probability: predictProbability(calibrationModel, e.features) }));
    const benign = (filter: (e: (typeof heldOut)[number]) => boolean) => heldOut.filter((e) => e.label === 0 && filter(e)).map((e) => e.probability);
    // Lay medical wording is harder than the templates: the medical threshold must also keep the
    // non-emergency vignettes (data/safety/vignettes, project-written lay messages; scored here,
    // never trained on) within the same budget.
    const vignetteScores = readVignetteNonEmergencies().map((text) => predictProbability(calibrationModel, hashedTextFeatures(text, hashBits, semantic)));
    const threshold = Math.max(0.5, lowestThreshold(benign((e) => e.medical && !DEV_SOURCES.has(e.source)), medicalFpr), lowestThreshold(benign((e) => e.medical && e.source === "hand-written-medical"), 0.05), lowestThreshold(vignetteScores, medicalFpr));
    const vetoThreshold = calibrateVeto(heldOut.filter((e) => e.label === 1 && (e.source === "natural" || e.source === "natural-dev")));
    const heldOutFloor = Math.max(threshold, lowestThreshold(benign((e) => !e.medical && !DEV_SOURCES.has(e.source)), generalFpr));
    const devBenign = heldOut.filter((e) => e.source === "natural-dev" && e.label === 0).map((e) => e.text);
    const calibrationClassifier = (generalThreshold: number) => new HarmClassifier({ ...toWeights(calibrationModel, hashBits, threshold, generalThreshold, vetoThreshold), training: {} }, semantic);
    const generalThreshold = lowestLayerThreshold(heldOutFloor, devBenign, calibrationClassifier, (text) => domain.test(normalizeText(text)));

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
    return {
        ...toWeights(final, hashBits, threshold, generalThreshold, vetoThreshold),
        training: {
            data: "MedSafetyBench train split (harmful) + data/safety/training/ (natural/*.jsonl, templates.yaml, general-requests.jsonl, contrast-pairs.jsonl, benign-lay-medical.jsonl: meditron-written harmful and benign sentences, with surface variants); natural-dev.jsonl and general-dev.jsonl held out for calibration and the report only",
            harmfulExamples: trainingRows.filter((e) => e.label === 1).length,
            benignExamples: trainingRows.filter((e) => e.label === 0).length,
            bySource: Object.fromEntries([...new Set(trainingRows.map((e) => e.source))].sort().map((s) => [s, trainingRows.filter((e) => e.source === s).length])),
            features: `word unigrams + bigrams + character 3-5-grams + WordNet classes of nouns and verbs (lexicon/semantic-classes.json), hashed into 2^${hashBits} buckets, L2-normalised`,
            model: "logistic regression, full-batch Adam (300 epochs, lr 0.2), L2 1e-6, class-balanced; int16-quantised weights",
            calibration: {
                vignetteNonEmergencies: vignetteScores.length, vignetteFalsePositiveRate: round(vignetteScores.filter((p) => p >= threshold).length / Math.max(1, vignetteScores.length)),
                medicalFalsePositiveBudget: medicalFpr, generalFalsePositiveBudget: generalFpr, layerFalseRefusalBudget: LAYER_FALSE_REFUSAL_BUDGET,
                generalThresholdFromHeldOut: round(heldOutFloor), heldOut: report
            }
        }
    };
}

/** Weights as shipped: int16-quantised, with their thresholds and the WordNet-class flag. */
function toWeights(model: LogisticModel, hashBits: number, threshold: number, generalThreshold: number, vetoThreshold: number): Omit<HarmClassifierWeights, "training"> {
    const { scale, base64 } = quantize(model);
    return { format: "meditron-harm-classifier-v2", hashBits, bias: round(model.bias), weightScale: scale, weights: base64, threshold: round(threshold), generalThreshold: round(generalThreshold), semanticFeatures: true, vetoThreshold: round(vetoThreshold) };
}

/**
 * The lowest general threshold, from `floor` up in steps of 0.01, at which the whole layer (rules,
 * detectors, veto and the classifier) refuses at most LAYER_FALSE_REFUSAL_BUDGET of `benignTexts`.
 * Only the classifier's refusals of general-domain messages depend on that threshold, so one pass
 * with a general threshold of 0 tells everything: each general-domain message the classifier is
 * asked about comes back as a `classifier.harm` refusal carrying its score.
 */
function lowestLayerThreshold(floor: number, benignTexts: readonly string[], classifierAt: (generalThreshold: number) => HarmClassifier, isMedical: (text: string) => boolean): number {
    const classifier = classifierAt(0);
    const layer = createSafetyLayer({ harmClassifier: classifier });
    let fixedRefusals = 0;
    const generalScores: number[] = [];
    for (const text of benignTexts) {
        const decision = layer.screen(text);
        if (decision.action !== "refuse") continue;
        if (decision.rule === "classifier.harm" && !isMedical(text)) generalScores.push(classifier.probability(text)); // unrounded
        else fixedRefusals++;
    }
    const allowed = Math.floor(benignTexts.length * LAYER_FALSE_REFUSAL_BUDGET);
    for (let t = floor; t < 1; t = Math.round((t + 0.01) * 1e4) / 1e4) {
        if (fixedRefusals + generalScores.filter((p) => p >= t).length <= allowed) return t;
    }
    return 0.99;
}

/** The highest veto threshold within MAX_VETO_THRESHOLD that lets through at most VETO_MISS_BUDGET of the rule-refused harmful sentences. */
function calibrateVeto(harmfulHeldOut: readonly { text: string; probability: number }[]): number {
    const rules = createSafetyLayer({ classifier: false });
    const ruleRefused = harmfulHeldOut.filter((e) => rules.screen(e.text).action === "refuse").map((e) => e.probability).sort((a, b) => a - b);
    const allowed = Math.floor(ruleRefused.length * VETO_MISS_BUDGET);
    return Math.min(MAX_VETO_THRESHOLD, ruleRefused[allowed] ?? MAX_VETO_THRESHOLD);
}

export function buildExamples(safetyDataDir: string, hashBits: number, variants: number, semantic?: SemanticClasses): Example[] {
    const dir = path.join(safetyDataDirectory(), "training");
    const domain = readClassifierDomain();
    const base: { text: string; label: 0 | 1; source: Source }[] = [
        ...expandTemplates(parse(readFileSync(path.join(dir, "templates.yaml"), "utf8")) as TemplateFile, 1).map((e) => ({ ...e, source: "templates" as const })),
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
        const dev = DEV_SOURCES.has(sentence.source);
        const heldOut = dev || hashString(sentence.text) % 5 === 0;
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
    return readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort().map((f) => path.join(dir, f));
}

function readJsonLines(file: string): TrainingExample[] {
    return readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as TrainingExample);
}

function round(value: number): number {
    return Math.round(value * 1e4) / 1e4;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const dataFlag = process.argv.indexOf("--data");
    const safetyDataDir = dataFlag >= 0 && process.argv[dataFlag + 1] ? process.argv[dataFlag + 1]! : path.resolve(safetyDataDirectory(), "../../../shared/data/safety");
    const started = Date.now();
    const model = trainHarmClassifier({ safetyDataDir });
    const out = path.join(safetyDataDirectory(), "models", "harm-classifier.json");
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(model)}\n`);
    const { weights: _weights, ...summary } = model;
    process.stdout.write(`wrote ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n${JSON.stringify(summary, null, 1)}\n`);
}
