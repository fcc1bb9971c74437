import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { hashedTextFeatures, type FeatureVector } from "../classifier/hashedTextFeatures.js";
import type { BroadHarmClassifierWeights } from "../classifier/HarmClassifier.js";
import { safetyDataDirectory } from "../dataDirectory.js";
import { loadMedSafetyBench } from "../eval/safetyDataSets.js";
import { compilePattern } from "../rules/compilePattern.js";
import { readYamlObject } from "../rules/loadRuleFiles.js";
import { normalizeText } from "../text/normalizeText.js";
import { augmentSentence } from "./augmentSentence.js";
import { expandTemplates, type TemplateFile, type TrainingExample } from "./expandTemplates.js";
import { predictHashedProbability as predictProbability, trainHashedLogisticRegression as trainLogisticRegression, type HashedLogisticModel as LogisticModel } from "./hashedLogisticRegression.js";

/** Where a training sentence came from; calibration and the report are broken down by it. */
type Source = "templates" | "general-grammar" | "hand-written-general" | "hand-written-medical" | "medsafetybench-train" | "general-dev";

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
    /** Hash buckets 2^hashBits (default 18: 512 KB of int16 weights). */
    readonly hashBits?: number;
    /** Surface variants added per sentence (default 1). */
    readonly variants?: number;
    /** Held-out false-positive budget on benign medical-domain sentences (default 2%). */
    readonly medicalFalsePositiveRate?: number;
    /** Held-out false-positive budget on benign general sentences (default 1.5%; 3% broke the XSTest over-refusal budget, see docs/safety.md). */
    readonly generalFalsePositiveRate?: number;
}

/**
 * Trains the opt-in BROAD harm classifier (data/safety/models/harm-classifier-broad.json,
 * `createSafetyLayer({ classifierModel: "broad" })`) from
 * MedSafetyBench's TRAIN split (harmful clinician requests) and the sentences meditron wrote
 * (data/safety/training/: two template grammars, expanded here with surface variants, and
 * hand-written lists). No evaluation set is read.
 *
 * Thresholds are calibrated on held-out data: one model is trained on ~80% of the sentences
 * (split by a hash of each base sentence, its variants going with it), the thresholds are the
 * lowest that keep the held-out false-positive rates within budget (medical domain and general
 * separately; general also on the blind dev set general-dev.jsonl, never trained on), and the
 * shipped model is then retrained on all training sentences with the same settings.
 *
 * Run: npx tsx src/safety/train/trainBroadHarmClassifier.ts [--data ../shared/data/safety]
 */
export function trainBroadHarmClassifier(options: TrainOptions): BroadHarmClassifierWeights {
    const hashBits = options.hashBits ?? 18;
    const medicalFpr = options.medicalFalsePositiveRate ?? 0.02;
    const generalFpr = options.generalFalsePositiveRate ?? 0.015;
    const examples = buildExamples(options.safetyDataDir, hashBits, options.variants ?? 1);
    const dimensions = 2 ** hashBits;

    const calibrationModel = trainLogisticRegression(examples.filter((e) => !e.heldOut && e.source !== "general-dev"), dimensions);
    const heldOut = examples.filter((e) => e.heldOut).map((e) => ({ ...e, probability: predictProbability(calibrationModel, e.features) }));
    const benign = (filter: (e: (typeof heldOut)[number]) => boolean) => heldOut.filter((e) => e.label === 0 && filter(e)).map((e) => e.probability);
    // Lay medical wording is harder than the templates: the medical threshold must also keep the
    // non-emergency vignettes (data/safety/vignettes, project-written lay messages; scored here,
    // never trained on) within the same budget.
    const vignetteScores = readVignetteNonEmergencies().map((text) => predictProbability(calibrationModel, hashedTextFeatures(text, hashBits)));
    const threshold = Math.max(0.5, lowestThreshold(benign((e) => e.medical && e.source !== "general-dev"), medicalFpr), lowestThreshold(benign((e) => e.medical && e.source === "hand-written-medical"), 0.05), lowestThreshold(vignetteScores, medicalFpr));
    const generalThreshold = Math.max(threshold, lowestThreshold(benign((e) => !e.medical && e.source !== "general-dev"), generalFpr), lowestThreshold(benign((e) => !e.medical && e.source === "general-dev"), 0.025));

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

    const trainingRows = examples.filter((e) => e.source !== "general-dev");
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
        training: {
            data: "MedSafetyBench train split (harmful) + data/safety/training/ (templates.yaml, general-harm.yaml, general-requests.jsonl, contrast-pairs.jsonl, benign-lay-medical.jsonl: meditron-written harmful and benign sentences, with surface variants); general-dev.jsonl held out for calibration only",
            harmfulExamples: trainingRows.filter((e) => e.label === 1).length,
            benignExamples: trainingRows.filter((e) => e.label === 0).length,
            bySource: Object.fromEntries([...new Set(trainingRows.map((e) => e.source))].sort().map((s) => [s, trainingRows.filter((e) => e.source === s).length])),
            features: `word unigrams + bigrams + character 3-5-grams, hashed into 2^${hashBits} buckets, L2-normalised`,
            model: "logistic regression, full-batch Adam (300 epochs, lr 0.2), L2 1e-6, class-balanced; int16-quantised weights",
            calibration: { vignetteNonEmergencies: vignetteScores.length, vignetteFalsePositiveRate: round(vignetteScores.filter((p) => p >= threshold).length / Math.max(1, vignetteScores.length)), medicalFalsePositiveBudget: medicalFpr, generalFalsePositiveBudget: generalFpr, generalDevFalsePositiveBudget: 0.025, heldOut: report }
        }
    };
}

export function buildExamples(safetyDataDir: string, hashBits: number, variants: number): Example[] {
    const dir = path.join(safetyDataDirectory(), "training");
    const domain = readClassifierDomain();
    const grammar = parse(readFileSync(path.join(dir, "general-harm.yaml"), "utf8")) as TemplateFile;
    const contentKey = frameStripper(grammar);
    const base: { text: string; label: 0 | 1; source: Source }[] = [
        ...expandTemplates(parse(readFileSync(path.join(dir, "templates.yaml"), "utf8")) as TemplateFile, 1).map((e) => ({ ...e, source: "templates" as const })),
        ...expandTemplates(grammar, 7).map((e) => ({ ...e, source: "general-grammar" as const })),
        ...[...readJsonLines(path.join(dir, "general-requests.jsonl")), ...readJsonLines(path.join(dir, "contrast-pairs.jsonl"))].map((e) => ({ ...e, source: "hand-written-general" as const })),
        ...readJsonLines(path.join(dir, "benign-lay-medical.jsonl")).map((e) => ({ ...e, source: "hand-written-medical" as const })),
        ...loadMedSafetyBench(safetyDataDir, "train").map((item) => ({ text: item.text, label: 1 as const, source: "medsafetybench-train" as const })),
        ...readJsonLines(path.join(dir, "general-dev.jsonl")).map((e) => ({ ...e, source: "general-dev" as const }))
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
        const heldOut = sentence.source === "general-dev" || hashString(key) % 5 === 0;
        // The dev set is scored as written; training sentences also get surface variants.
        const texts = [sentence.text, ...(sentence.source === "general-dev" ? [] : Array.from({ length: variants }, () => augmentSentence(sentence.text, random)))];
        for (const text of texts) {
            if (seen.has(text)) continue;
            seen.add(text);
            out.push({ text, label: sentence.label, source: sentence.source, heldOut, medical: domain.test(normalizeText(text)), features: hashedTextFeatures(text, hashBits) });
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
    const model = trainBroadHarmClassifier({ safetyDataDir });
    const out = path.join(safetyDataDirectory(), "models", "harm-classifier-broad.json");
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(model)}\n`);
    const { weights: _weights, ...summary } = model;
    process.stdout.write(`wrote ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n${JSON.stringify(summary, null, 1)}\n`);
}
