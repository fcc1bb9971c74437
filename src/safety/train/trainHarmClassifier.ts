import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { textFeatures } from "../classifier/textFeatures.js";
import type { HarmClassifierWeights } from "../classifier/HarmClassifier.js";
import { safetyDataDirectory } from "../dataDirectory.js";
import { loadMedSafetyBench } from "../eval/safetyDataSets.js";
import { expandTemplates, type TemplateFile, type TrainingExample } from "./expandTemplates.js";
import { predictProbability, trainLogisticRegression } from "./logisticRegression.js";

/**
 * Trains the harm classifier shipped in data/safety/models/harm-classifier.json from
 * MedSafetyBench's TRAIN split (900 harmful clinician requests) and the sentences meditron wrote
 * (data/safety/training/templates.yaml). No evaluation set is read. The decision threshold is
 * the lowest one that keeps the cross-validated false-positive rate on benign sentences at or
 * under `targetFalsePositiveRate` and on the hand-written benign sentences at or under 5%; outside the medical domain a higher `generalThreshold` keeps the
 * cross-validated false-positive rate on the hand-written general sentences under 5%.
 *
 * Run: npx tsx src/safety/train/trainHarmClassifier.ts [--data ../shared/data/safety]
 */
export function trainHarmClassifier(options: { safetyDataDir: string; targetFalsePositiveRate?: number; targetGeneralFalsePositiveRate?: number; folds?: number }): HarmClassifierWeights {
    const targetFpr = options.targetFalsePositiveRate ?? 0.02;
    // 5% on our own general sentences (a 10% setting was also tried and measured; it pushed
    // XSTest over-refusal above the 10% budget, see docs/safety.md).
    const targetGeneralFpr = options.targetGeneralFalsePositiveRate ?? 0.05;
    const folds = options.folds ?? 5;
    const templates = parse(readFileSync(path.join(safetyDataDirectory(), "training", "templates.yaml"), "utf8")) as TemplateFile;
    const read = (name: string, handWrittenGeneral: boolean) => readJsonLines(path.join(safetyDataDirectory(), "training", name)).map((e) => ({ ...e, handWritten: true, handWrittenGeneral }));
    const general = [...read("general-requests.jsonl", true), ...read("contrast-pairs.jsonl", true)];
    const layMedical = read("benign-lay-medical.jsonl", false);
    const written = [...expandTemplates(templates).map((e) => ({ ...e, handWritten: false, handWrittenGeneral: false })), ...general, ...layMedical];
    const medSafety = loadMedSafetyBench(options.safetyDataDir, "train").map((item) => ({ text: item.text, label: 1 as const, handWritten: false, handWrittenGeneral: false }));
    const examples = [...written, ...medSafety].map((e, i) => ({ ...e, features: textFeatures(e.text), fold: i % folds }));

    // Cross-validated probabilities, to choose the threshold and report honest training figures.
    const heldOut: { probability: number; label: 0 | 1; handWritten: boolean; handWrittenGeneral: boolean }[] = [];
    for (let fold = 0; fold < folds; fold++) {
        const model = trainLogisticRegression(examples.filter((e) => e.fold !== fold));
        for (const e of examples.filter((x) => x.fold === fold)) heldOut.push({ probability: predictProbability(model, e.features), label: e.label, handWritten: e.handWritten, handWrittenGeneral: e.handWrittenGeneral });
    }
    const benign = heldOut.filter((h) => h.label === 0).map((h) => h.probability).sort((a, b) => b - a);
    const allowedFalsePositives = Math.floor(benign.length * targetFpr);
    // Templated benign sentences are easy; real lay wording is not, so the threshold must also keep
    // the cross-validated false-positive rate on all hand-written benign sentences at or under 5%.
    const handBenign = heldOut.filter((h) => h.handWritten && h.label === 0).map((h) => h.probability).sort((a, b) => b - a);
    const threshold = Math.max(0.5, (benign[allowedFalsePositives] ?? 0.5) + 1e-6, (handBenign[Math.floor(handBenign.length * 0.05)] ?? 0.5) + 1e-6);
    const harmful = heldOut.filter((h) => h.label === 1);
    const cvRecall = harmful.filter((h) => h.probability >= threshold).length / harmful.length;
    const cvFpr = benign.filter((p) => p >= threshold).length / benign.length;

    // Outside the medical domain the classifier is less reliable (cross-validated on the
    // hand-written general sentences), so it needs a higher bar there.
    const generalBenign = heldOut.filter((h) => h.handWrittenGeneral && h.label === 0).map((h) => h.probability).sort((a, b) => b - a);
    const generalHarmful = heldOut.filter((h) => h.handWrittenGeneral && h.label === 1);
    const generalThreshold = Math.max(threshold, (generalBenign[Math.floor(generalBenign.length * targetGeneralFpr)] ?? threshold) + 1e-6);
    const generalRecall = generalHarmful.filter((h) => h.probability >= generalThreshold).length / Math.max(1, generalHarmful.length);
    const generalFpr = generalBenign.filter((p) => p >= generalThreshold).length / Math.max(1, generalBenign.length);

    const final = trainLogisticRegression(examples);
    const weights: Record<string, number> = {};
    for (const [feature, weight] of [...final.weights].sort((a, b) => a[0].localeCompare(b[0]))) {
        if (Math.abs(weight) >= 0.01) weights[feature] = Math.round(weight * 1e4) / 1e4;
    }
    return {
        format: "meditron-harm-classifier-v1",
        bias: Math.round(final.bias * 1e4) / 1e4,
        threshold: Math.round(threshold * 1e4) / 1e4,
        generalThreshold: Math.round(generalThreshold * 1e4) / 1e4,
        weights,
        training: {
            data: "MedSafetyBench train split (harmful) + data/safety/training/templates.yaml, general-requests.jsonl, contrast-pairs.jsonl and benign-lay-medical.jsonl (meditron-written harmful and benign sentences)",
            harmfulExamples: examples.filter((e) => e.label === 1).length,
            benignExamples: examples.filter((e) => e.label === 0).length,
            features: "word unigrams + bigrams (min count 2)",
            model: "logistic regression, Adam, L2 1e-4, class-balanced",
            crossValidation: { folds, recall: Math.round(cvRecall * 1e4) / 1e4, falsePositiveRate: Math.round(cvFpr * 1e4) / 1e4, targetFalsePositiveRate: targetFpr },
            generalCrossValidation: { handWrittenSentences: general.length, recall: Math.round(generalRecall * 1e4) / 1e4, falsePositiveRate: Math.round(generalFpr * 1e4) / 1e4, targetFalsePositiveRate: targetGeneralFpr }
        }
    };
}

function readJsonLines(file: string): TrainingExample[] {
    return readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line) as TrainingExample);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const dataFlag = process.argv.indexOf("--data");
    const safetyDataDir = dataFlag >= 0 && process.argv[dataFlag + 1] ? process.argv[dataFlag + 1]! : path.resolve(safetyDataDirectory(), "../../../shared/data/safety");
    const model = trainHarmClassifier({ safetyDataDir });
    const out = path.join(safetyDataDirectory(), "models", "harm-classifier.json");
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(model)}\n`);
    process.stdout.write(`wrote ${out}: ${Object.keys(model.weights).length} weights, threshold ${model.threshold}, ${JSON.stringify(model.training.crossValidation)}\n`);
}
