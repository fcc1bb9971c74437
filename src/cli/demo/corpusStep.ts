import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseCorpusConfig } from "../../corpus/config/parseCorpusConfig.js";
import { buildCorpus } from "../../corpus/pipeline/buildCorpus.js";
import type { DemoStep } from "./DemoStep.js";

/** Three short guideline-style documents written for the demo (not taken from any guideline). */
const DEMO_GUIDELINES = [
    {
        id: "demo-1", source: "demo", title: "Community-acquired pneumonia in adults",
        clean_text: "# Assessment\nAssess severity with a validated score and measure oxygen saturation in every adult with suspected pneumonia.\n\n# Treatment\nOffer an oral antibiotic for low-severity disease and review the response after three days. Escalate care when the patient becomes confused, breathless or hypotensive."
    },
    {
        id: "demo-2", source: "demo", title: "Type 2 diabetes: first steps",
        clean_text: "# Diagnosis\nConfirm the diagnosis with HbA1c or fasting plasma glucose and repeat an abnormal result in people without symptoms.\n\n# Management\nAgree individual targets, support diet and physical activity, and offer metformin as first-line drug treatment when lifestyle measures are not enough."
    },
    {
        id: "demo-3", source: "demo", title: "Suspected sepsis",
        clean_text: "# Recognition\nThink sepsis in any person with an infection who looks unwell, has a high respiratory rate, new confusion or low blood pressure.\n\n# Action\nArrange emergency assessment, take blood cultures and give broad-spectrum antibiotics within one hour for people at high risk."
    }
];

/** Builds a tiny corpus (clean, dedup, split, tokenize, Megatron .bin/.idx) from three demo documents. */
export const corpusStep: DemoStep = {
    title: "Corpus: clean, deduplicate, tokenize and write Megatron datasets (GAP-Replay pipeline)",
    async run(env) {
        const dir = path.join(env.workDir, "corpus");
        const input = path.join(env.workDir, "demo-guidelines.jsonl");
        await writeFile(input, DEMO_GUIDELINES.map((doc) => JSON.stringify(doc)).join("\n") + "\n");
        const yaml = [
            "sources:",
            `  - {name: guidelines, type: guidelines-jsonl, path: ${JSON.stringify(input)}}`,
            `output: {dir: ${JSON.stringify(path.join(dir, "out"))}}`,
            "workers: 1"
        ].join("\n");
        const config = parseCorpusConfig(yaml, dir, "demo corpus config");
        const result = await buildCorpus(config, { tokenizerModel: env.modelPath, fresh: true, signal: env.context.signal });
        for (const source of result.report.sources) {
            env.say(`  ${source.name}: ${source.train.documents} train / ${source.validation.documents} validation documents, ${source.train.tokens + source.validation.tokens} tokens`);
        }
        env.say(`  wrote ${result.files.trainPrefix}.bin/.idx (Megatron mmap, uint16) and ${result.files.stats}`);
        env.say("  Your own build: npx meditron corpus build corpus.yaml (see docs/corpus.md)");
    }
};
