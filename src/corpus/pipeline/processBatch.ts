import { applyRecipe } from "../clean/applyRecipe.js";
import { RECIPES } from "../clean/recipes.js";
import { dedupKey } from "../dedup/dedupKey.js";
import { hash64 } from "../dedup/hashing.js";
import { minhashSignature } from "../dedup/minhash.js";
import { isEnglish, LANGUAGE_SAMPLE_CHARS } from "../filter/isEnglish.js";
import { parseGuidelineRecord, parseReplayRecord } from "../sources/parseJsonRecords.js";
import { parseJatsArticle } from "../sources/parseJatsArticle.js";
import { parsePubmedArticle } from "../sources/parsePubmedArticle.js";
import { parseS2orcRecord } from "../sources/parseS2orcRecord.js";
import { readFolderDocument } from "../sources/readFolderDocument.js";
import { tokenizeDocument, type TextTokenizer } from "../tokenize/tokenizeDocument.js";
import type { BadInput, RawDocument } from "../types.js";
import type { ProcessedDocument, WorkBatch, WorkerInit, WorkItem, WorkResult, WorkerSourceSettings } from "./workerProtocol.js";
import path from "node:path";

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function parseJson(item: WorkItem): Record<string, unknown> {
    const value: unknown = JSON.parse(item.text ?? "");
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("line is not a JSON object");
    return value as Record<string, unknown>;
}

async function parseItem(source: WorkerSourceSettings, item: WorkItem): Promise<RawDocument | null> {
    const fallbackId = `${source.name}:${path.basename(item.file)}:${item.record}`;
    switch (source.parser) {
        case "guidelines-jsonl":
            return parseGuidelineRecord(parseJson(item), source.textField, fallbackId);
        case "replay-jsonl":
            return parseReplayRecord(parseJson(item), source.textField, fallbackId);
        case "s2orc-json":
            return parseS2orcRecord(parseJson(item), item.metadata);
        case "pubmed-xml":
            return parsePubmedArticle(item.text ?? "");
        case "pmc-jats":
            return parseJatsArticle(item.text ?? "");
        case "guidelines-folder":
            return readFolderDocument(item.file, fallbackId);
    }
}

function badInputKind(source: WorkerSourceSettings, item: WorkItem, error: unknown): BadInput["kind"] {
    if (error instanceof SyntaxError) return "json";
    if (source.parser === "pubmed-xml" || source.parser === "pmc-jats") return "xml";
    if (source.parser === "guidelines-folder" && /\.pdf$/i.test(item.file)) return "pdf";
    return "record";
}

/** Milliseconds spent per stage, summed over documents (filled by processBatch when a caller passes one: the benchmark). */
export interface StageTimings {
    parse: number;
    clean: number;
    language: number;
    dedupHashes: number;
    tokenize: number;
}

export const emptyStageTimings = (): StageTimings => ({ parse: 0, clean: 0, language: 0, dedupHashes: 0, tokenize: 0 });

/**
 * The per-document stages that run in worker threads: parse -> source cleaning recipe -> empty check ->
 * English filter -> length filter -> exact-dedup key hash + MinHash -> tokenization. Decisions that need
 * global state (dedup, id matching, split, sampling) happen in order on the main thread.
 */
export async function processBatch(init: WorkerInit, tokenizer: TextTokenizer, batch: WorkBatch, timings?: StageTimings): Promise<WorkResult> {
    const source = init.sources[batch.sourceIndex]!;
    const recipe = RECIPES[source.recipe]!;
    const documents: ProcessedDocument[] = [];
    const badInputs: BadInput[] = [];
    let withoutText = 0;
    // Stage clock: `lap(stage)` charges the time since the previous lap to `stage` (no-op without timings).
    let last = timings === undefined ? 0 : performance.now();
    const lap = timings === undefined ? (): void => undefined : (stage: keyof StageTimings): void => {
        const now = performance.now();
        timings[stage] += now - last;
        last = now;
    };
    for (const item of batch.items) {
        let raw: RawDocument | null;
        try {
            raw = await parseItem(source, item);
            lap("parse");
        } catch (error) {
            lap("parse");
            const unit = source.parser === "pubmed-xml" ? "article" : source.parser === "pmc-jats" || source.parser === "guidelines-folder" ? "file" : "line";
            badInputs.push({ kind: badInputKind(source, item, error), file: item.file, position: `${unit} ${item.record}`, message: message(error) });
            continue;
        }
        if (raw === null) {
            withoutText++;
            continue;
        }
        const base = { file: item.file, record: item.record, id: raw.id, pmid: raw.pmid, pmcid: raw.pmcid };
        const cleaned = raw.preCleaned === true ? { text: raw.text } : applyRecipe(recipe, raw.text, raw.title);
        lap("clean");
        if (cleaned === null) {
            documents.push({ ...base, chars: raw.text.length, removed: "rejectedBySourceRules" });
            continue;
        }
        const text = cleaned.text.trim();
        if (text === "") {
            documents.push({ ...base, chars: 0, removed: "emptyAfterCleaning" });
            continue;
        }
        const english = !source.english || isEnglish(text, LANGUAGE_SAMPLE_CHARS[source.kind]);
        lap("language");
        if (!english) {
            documents.push({ ...base, chars: text.length, removed: "notEnglish" });
            continue;
        }
        if (text.length < source.minChars) {
            documents.push({ ...base, chars: text.length, removed: "tooShort" });
            continue;
        }
        if (text.length > source.maxChars) {
            documents.push({ ...base, chars: text.length, removed: "tooLong" });
            continue;
        }
        const [exactHi, exactLo] = hash64(dedupKey(text));
        const mh = init.minhash === null ? undefined : minhashSignature(text, init.minhash);
        lap("dedupHashes");
        const tokens = tokenizeDocument(tokenizer, text);
        lap("tokenize");
        documents.push({ ...base, chars: text.length, text: init.returnText ? text : undefined, tokens, exactHi, exactLo, bands: mh?.bands, signature: mh?.signature });
    }
    return { documents, badInputs, withoutText };
}
