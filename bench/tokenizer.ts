/**
 * Tokenizer benchmark: llama.cpp's whole-span tokenization (the reference) vs the word-cached tokenizer the corpus
 * builder uses, on the same documents in one process, both through tokenizeDocument (markup split, <EOD>). The
 * word cache starts empty (cold: every new word is a llama.cpp call) and is then run a second time (warm). Every
 * document's ids are compared; any difference fails the run.
 *
 *   npx tsx bench/tokenizer.ts [--jsonl a.jsonl,b.jsonl] [--mb 50] [--model file.gguf] [--results bench/results/tokenizer.json]
 *
 * Default input: every document of the real samples in ../shared/data/corpus (guideline texts, PMC articles and
 * PubMed abstracts parsed and cleaned as the builder does, S2ORC, C4 and CommonCrawl replay). They are all
 * distinct, so the cold pass is a pessimistic bound for a large corpus, where words repeat far more. `--jsonl`
 * takes the `text` of JSONL lines instead (e.g. a corpus build's jsonl/ shards), up to `--mb` MB.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { applyRecipe } from "../src/corpus/clean/applyRecipe.js";
import { defaultRecipeFor, RECIPES } from "../src/corpus/clean/recipes.js";
import { parseJatsArticle } from "../src/corpus/sources/parseJatsArticle.js";
import { parsePubmedArticle } from "../src/corpus/sources/parsePubmedArticle.js";
import { parseS2orcRecord } from "../src/corpus/sources/parseS2orcRecord.js";
import { loadCorpusTokenizer, type CorpusTokenizer } from "../src/corpus/tokenize/loadCorpusTokenizer.js";
import { tokenizeDocument } from "../src/corpus/tokenize/tokenizeDocument.js";
import type { SourceKind } from "../src/corpus/types.js";
import { synthesizeModel } from "../src/models/gguf/synthesizeModel.js";
import { benchArg, repoRoot } from "./benchArgs.js";

const repo = repoRoot;
const data = path.resolve(repo, "../shared/data/corpus");
const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => benchArg(name, fallback, args);

/** The real samples as the builder would emit them (cleaned; markup kept). */
function sampleDocuments(): string[] {
    const docs: string[] = [];
    const add = (kind: SourceKind, text: string, title = ""): void => {
        const cleaned = applyRecipe(RECIPES[defaultRecipeFor(kind)]!, text, title)?.text.trim() ?? "";
        if (cleaned !== "") docs.push(cleaned);
    };
    const dir = (sub: string): string[] => readdirSync(path.join(data, sub)).map((f) => path.join(data, sub, f));
    for (const f of dir("guidelines").filter((f) => f.endsWith(".txt"))) add("guidelines", readFileSync(f, "utf8"));
    for (const f of dir("pmc").filter((f) => f.endsWith(".nxml"))) {
        const doc = parseJatsArticle(readFileSync(f, "utf8"));
        if (doc !== null) add("papers", doc.text, doc.title);
    }
    for (const f of dir("pubmed").filter((f) => f.endsWith(".xml.gz"))) {
        for (const m of gunzipSync(readFileSync(f)).toString("utf8").matchAll(/<PubmedArticle>[\s\S]*?<\/PubmedArticle>/g)) {
            const doc = parsePubmedArticle(m[0]);
            if (doc !== null) add("abstracts", doc.text, doc.title);
        }
    }
    const s2orc = parseS2orcRecord(JSON.parse(readFileSync(path.join(data, "s2orc", "pdf_parse_18980380.json"), "utf8")) as Record<string, unknown>, undefined);
    if (s2orc !== null) add("papers", s2orc.text, s2orc.title);
    for (const f of dir("replay").filter((f) => f.endsWith(".gz"))) {
        for (const line of gunzipSync(readFileSync(f)).toString("utf8").split("\n")) {
            if (line.trim() === "") continue;
            const record = JSON.parse(line) as { text?: string; raw_content?: string };
            add("replay", record.text ?? record.raw_content ?? "");
        }
    }
    return docs;
}

function jsonlDocuments(files: string[], maxBytes: number): string[] {
    const docs: string[] = [];
    let bytes = 0;
    for (const file of files) {
        for (const line of readFileSync(file, "utf8").split("\n")) {
            if (line === "" || bytes >= maxBytes) continue;
            const text = (JSON.parse(line) as { text: string }).text;
            docs.push(text);
            bytes += Buffer.byteLength(text);
        }
    }
    return docs;
}

async function tokenizerModel(): Promise<string> {
    const given = args.includes("--model") ? arg("model", "") : "";
    if (given !== "") return given;
    const file = path.join(repo, "bench", "tmp", "meditron-tokenizer.gguf");
    if (!existsSync(file)) {
        mkdirSync(path.dirname(file), { recursive: true });
        await synthesizeModel({ outputPath: file, preset: "tiny", seed: 1 });
    }
    return file;
}

function pass(tokenizer: CorpusTokenizer, docs: readonly string[]): { seconds: number; ids: Uint16Array[] } {
    const ids: Uint16Array[] = [];
    const started = performance.now();
    for (const text of docs) ids.push(tokenizeDocument(tokenizer, text));
    return { seconds: (performance.now() - started) / 1000, ids };
}

const sameIds = (a: Uint16Array, b: Uint16Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

async function main(): Promise<void> {
    const model = await tokenizerModel();
    const jsonl = arg("jsonl", "");
    const docs = jsonl === "" ? sampleDocuments() : jsonlDocuments(jsonl.split(","), Number(arg("mb", "50")) * 1e6);
    const bytes = docs.reduce((s, d) => s + Buffer.byteLength(d), 0);

    const plain = await loadCorpusTokenizer(model, { wordCache: false });
    const cached = await loadCorpusTokenizer(model);
    if (cached.mode !== "word-cache") throw new Error(`word cache is off for ${model}: ${cached.fallbackReason}`);
    const reference = pass(plain, docs);
    const cold = pass(cached, docs);
    const coldStats = { ...cached.cacheStats! };
    const warm = pass(cached, docs);
    await plain.dispose();
    await cached.dispose();

    let mismatches = 0;
    for (let i = 0; i < docs.length; i++) if (!sameIds(reference.ids[i]!, cold.ids[i]!) || !sameIds(reference.ids[i]!, warm.ids[i]!)) mismatches++;
    const tokens = reference.ids.reduce((s, x) => s + x.length, 0);
    const rate = (seconds: number): { seconds: number; tokensPerSecond: number; textMBPerSecond: number } => ({ seconds, tokensPerSecond: tokens / seconds, textMBPerSecond: bytes / 1e6 / seconds });
    const result = {
        date: new Date().toISOString(),
        machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverageAtEnd: os.loadavg(), node: process.version },
        input: { source: jsonl === "" ? "real samples in shared/data/corpus (all distinct documents, cleaned)" : jsonl, documents: docs.length, textMB: bytes / 1e6, tokens },
        wholeSpanLlamaCpp: rate(reference.seconds),
        wordCacheCold: { ...rate(cold.seconds), hitRate: coldStats.hits / (coldStats.hits + coldStats.misses), ...coldStats },
        wordCacheWarm: rate(warm.seconds),
        speedupCold: reference.seconds / cold.seconds,
        speedupWarm: reference.seconds / warm.seconds,
        identicalIds: mismatches === 0,
        mismatchedDocuments: mismatches
    };
    mkdirSync(path.join(repo, "bench", "results"), { recursive: true });
    writeFileSync(path.resolve(repo, arg("results", "bench/results/tokenizer.json")), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (mismatches > 0) process.exitCode = 1;
}

await main();
