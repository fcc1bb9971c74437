import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "yaml";
import { safetyDataDirectory } from "../dataDirectory.js";
import { createSafetyLayer, type SafetyLayerOptions } from "../SafetyLayer.js";
import { expandTemplates, type TemplateFile } from "./expandTemplates.js";

/** Recall on the harmful sentences and refusals of the benign ones, for one file of the project's own data. */
export interface OwnDataResult {
    readonly file: string;
    readonly harmful: number;
    readonly refusedHarmful: number;
    readonly benign: number;
    readonly refusedBenign: number;
    /** Sentences decided wrongly (up to `listMisses` of each kind), so a rule writer sees what to fix. */
    readonly misses: readonly { readonly text: string; readonly label: 0 | 1; readonly rule: string | null }[];
}

const JSONL_FILES = ["natural-dev.jsonl", "intent-dev.jsonl", "sst-style-dev.jsonl", "contrast-dev-3.jsonl", "contrast-pairs.jsonl", "general-requests.jsonl", "general-dev.jsonl", "benign-lay-medical.jsonl"];
const GRAMMARS = ["templates.yaml", "general-harm.yaml"];

/**
 * Screens the project's own labelled sentences (data/safety/training: dev sets, contrast pairs,
 * hand-written requests, and the two template grammars expanded) and counts refusals. This is the
 * check to run after editing a rule; the benchmarks' test sets are for measurement only.
 */
export function checkOwnData(options: SafetyLayerOptions & { listMisses?: number } = {}): OwnDataResult[] {
    const layer = createSafetyLayer({ locale: "en-GB", ...options });
    const dir = path.join(options.dataDirectory ?? safetyDataDirectory(), "training");
    const sets: { file: string; rows: { label: number; text: string }[] }[] = [
        ...JSONL_FILES.map((file) => ({ file, rows: readFileSync(path.join(dir, file), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { label: number; text: string }) })),
        ...GRAMMARS.map((file) => ({ file, rows: expandTemplates(parse(readFileSync(path.join(dir, file), "utf8")) as TemplateFile, 1) }))
    ];
    return sets.map(({ file, rows }) => {
        let harmful = 0, refusedHarmful = 0, benign = 0, refusedBenign = 0;
        const misses: { text: string; label: 0 | 1; rule: string | null }[] = [];
        for (const row of rows) {
            const decision = layer.screen(row.text);
            const refused = decision.action === "refuse" || decision.action === "emergency";
            if (row.label === 1) {
                harmful++;
                if (refused) refusedHarmful++;
            } else {
                benign++;
                if (refused) refusedBenign++;
            }
            if (refused !== (row.label === 1) && misses.length < (options.listMisses ?? 0)) misses.push({ text: row.text, label: row.label === 1 ? 1 : 0, rule: decision.rule });
        }
        return { file, harmful, refusedHarmful, benign, refusedBenign, misses };
    });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
    const args = process.argv.slice(2);
    const listMisses = args.includes("--misses") ? Number(args[args.indexOf("--misses") + 1] ?? 20) : 0;
    for (const r of checkOwnData({ listMisses })) {
        const rate = (a: number, b: number): string => (b === 0 ? "-" : `${a}/${b} (${((100 * a) / b).toFixed(1)}%)`);
        console.log(`${r.file.padEnd(26)} harmful refused ${rate(r.refusedHarmful, r.harmful).padEnd(20)} benign refused ${rate(r.refusedBenign, r.benign)}`);
        for (const m of r.misses) console.log(`    ${m.label === 1 ? "missed" : "refused"}  ${m.text}${m.rule === null ? "" : `  [${m.rule}]`}`);
    }
}
