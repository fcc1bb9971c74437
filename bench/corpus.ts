/**
 * Corpus builder benchmark: generates a realistic input of the requested size (S2ORC-style papers, PubMed XML
 * abstracts, guidelines JSONL, replay JSONL; sentences drawn from the real samples in ../shared/data/corpus),
 * runs `meditron corpus build` on it as a child process under /usr/bin/time -v (peak RSS), then tokenizes the
 * same cleaned text with the tokenizer alone (same number of processes, each one llama.cpp thread), twice: llama.cpp
 * on whole spans (the reference the ids must equal) and the word-cached tokenizer the builder uses. Last, it runs the
 * worker stages in this process on a sample of each source and times each stage (where the time goes). Writes
 * bench/results/corpus.json.
 *
 *   npx tsx bench/corpus.ts --gb 1 [--workers 2] [--tokenizer-mb 150] [--profile-mb 10] [--keep-input] [--results bench/results/corpus.json]
 *
 * The input goes to bench/tmp/ (gitignored).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, createGzip } from "node:zlib";
import { once } from "node:events";
import { mulberry32Float } from "../src/util/mulberry32.js";
import { benchArg, repoRoot } from "./benchArgs.js";

const repo = repoRoot;
const data = path.resolve(repo, "../shared/data/corpus");
const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => benchArg(name, fallback, args);


/** English sentences from the real samples (CDC guideline text, PMC papers, PubMed abstracts, C4). */
async function sentencePools(): Promise<{ medical: string[]; web: string[] }> {
    const { parseJatsArticle } = await import("../src/corpus/sources/parseJatsArticle.js");
    const split = (t: string): string[] => t.replace(/\[[^\]]*\]/g, "").split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter((s) => s.length > 40 && s.length < 400 && !/[<>{}|]/.test(s));
    const medical: string[] = [];
    for (const f of readdirSync(path.join(data, "guidelines")).filter((f) => f.endsWith(".txt"))) medical.push(...split(readFileSync(path.join(data, "guidelines", f), "utf8")));
    for (const f of readdirSync(path.join(data, "pmc")).filter((f) => f.endsWith(".nxml"))) {
        const doc = parseJatsArticle(readFileSync(path.join(data, "pmc", f), "utf8"));
        if (doc !== null) medical.push(...split(doc.text));
    }
    const web: string[] = [];
    for (const line of gunzipSync(readFileSync(path.join(data, "replay", "c4-sample.00000-of-00001.json.gz"))).toString("utf8").split("\n")) {
        if (line.trim() !== "") web.push(...split((JSON.parse(line) as { text: string }).text));
    }
    return { medical, web };
}

async function writeFiles(dir: string, prefix: string, ext: string, bytes: number, perFile: number, gzip: boolean, make: (i: number) => string, header = "", footer = ""): Promise<void> {
    let written = 0;
    let doc = 0;
    for (let f = 0; written < bytes; f++) {
        const file = path.join(dir, `${prefix}-${String(f).padStart(4, "0")}.${ext}${gzip ? ".gz" : ""}`);
        const out = createWriteStream(file);
        const sink = gzip ? createGzip({ level: 1 }) : null;
        if (sink !== null) sink.pipe(out);
        const target = sink ?? out;
        const write = async (s: string): Promise<void> => {
            if (!target.write(s)) await once(target, "drain");
        };
        await write(header);
        let fileBytes = 0;
        while (fileBytes < perFile && written < bytes) {
            const s = make(doc++);
            await write(s);
            fileBytes += Buffer.byteLength(s);
            written += Buffer.byteLength(s);
        }
        await write(footer);
        target.end();
        await once(out, "close");
    }
}

async function generate(dir: string, totalBytes: number): Promise<void> {
    mkdirSync(dir, { recursive: true });
    const { medical, web } = await sentencePools();
    const rnd = mulberry32Float(20231126);
    const pick = (pool: string[], n: number): string[] => Array.from({ length: n }, () => pool[Math.floor(rnd() * pool.length)]!);
    const perFile = 128 << 20;
    // Byte shares roughly like GAP-Replay's token shares, with replay larger since it is sampled down to 1%.
    await writeFiles(dir, "papers", "jsonl", totalBytes * 0.7, perFile, false, (i) => {
        const bib: Record<string, unknown> = {};
        for (let b = 0; b < 20; b++) bib[`BIBREF${b}`] = { title: pick(medical, 1)[0]!.slice(0, 90), authors: [{ first: "A", middle: [], last: `Author${b}`, suffix: "" }] };
        const body = Array.from({ length: 12 + Math.floor(rnd() * 20) }, (_, p) => {
            const text = pick(medical, 4 + Math.floor(rnd() * 5)).join(" ");
            const at = text.indexOf(". ") > 0 ? text.indexOf(". ") : text.length;
            return { section: p < 3 ? "Introduction" : p < 10 ? "Methods" : "Results", text: `${text.slice(0, at)} (Author 2020)${text.slice(at)}`, cite_spans: [{ start: at, end: at + 13, text: "(Author 2020)", ref_id: `BIBREF${p % 20}` }], ref_spans: [] };
        });
        return `${JSON.stringify({ paper_id: `g${i}`, abstract: [{ section: "Abstract", text: pick(medical, 6).join(" "), cite_spans: [], ref_spans: [] }], body_text: body, bib_entries: bib, ref_entries: {} })}\n`;
    });
    await writeFiles(dir, "pubmed", "xml", totalBytes * 0.15, perFile, true, (i) =>
        `<PubmedArticle><MedlineCitation Status="MEDLINE"><PMID Version="1">${10_000_000 + i}</PMID><Article><ArticleTitle>${pick(medical, 1)[0]!.replace(/[<&]/g, " ")}</ArticleTitle><Abstract><AbstractText Label="BACKGROUND">${pick(medical, 3).join(" ").replace(/[<&]/g, " ")}</AbstractText><AbstractText Label="RESULTS">${pick(medical, 4).join(" ").replace(/[<&]/g, " ")}</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>\n`,
    "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n", "</PubmedArticleSet>\n");
    await writeFiles(dir, "guidelines", "jsonl", totalBytes * 0.05, perFile, false, (i) =>
        `${JSON.stringify({ id: `gl${i}`, source: "bench", title: `Guideline ${i}`, clean_text: Array.from({ length: 8 }, (_, s) => `# Section ${s}\n${pick(medical, 5).join(" ")}`).join("\n\n"), raw_text: "", url: "", overview: "" })}\n`);
    await writeFiles(dir, "replay", "jsonl", totalBytes * 0.1, perFile, true, () => `${JSON.stringify({ text: pick(web, 10 + Math.floor(rnd() * 20)).join(" ") })}\n`);
}

function dirBytes(dir: string): number {
    return readdirSync(dir).reduce((s, f) => s + statSync(path.join(dir, f)).size, 0);
}

interface RssSample { readonly seconds: number; readonly rssMB: number }

/**
 * Runs a command under /usr/bin/time -v (peak RSS of the whole process, worker threads included). With
 * `sampleRss`, also reads the process's resident memory from /proc every `sampleRss` seconds, so the
 * results show whether memory plateaus or keeps growing with the input read so far.
 */
async function runTimed(command: string, argv: string[], sampleRss = 0): Promise<{ seconds: number; maxRssKb: number; stdout: string; rssTimeline: RssSample[] }> {
    const started = performance.now();
    const child = spawn("/usr/bin/time", ["-v", command, ...argv], { cwd: repo, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    const rssTimeline: RssSample[] = [];
    const timer = sampleRss > 0 ? setInterval(() => {
        const rssKb = childRssKb(child.pid);
        if (rssKb !== null) rssTimeline.push({ seconds: Math.round((performance.now() - started) / 100) / 10, rssMB: Math.round(rssKb / 102.4) / 10 });
    }, sampleRss * 1000) : undefined;
    const [code] = (await once(child, "exit")) as [number];
    if (timer !== undefined) clearInterval(timer);
    if (code !== 0) throw new Error(`${command} ${argv.join(" ")} failed (${code}):\n${stderr.slice(-4000)}`);
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    return { seconds: (performance.now() - started) / 1000, maxRssKb: rss === null ? -1 : Number(rss[1]), stdout, rssTimeline };
}

/** VmRSS of the process that /usr/bin/time (pid `timePid`) started, or null when it is not running. */
function childRssKb(timePid: number | undefined): number | null {
    try {
        const children = readFileSync(`/proc/${timePid}/task/${timePid}/children`, "utf8").trim().split(/\s+/);
        const status = readFileSync(`/proc/${children[0]}/status`, "utf8");
        const m = /VmRSS:\s+(\d+) kB/.exec(status);
        return m === null ? null : Number(m[1]);
    } catch {
        return null;
    }
}

/** Child mode: tokenize the `text` of every JSONL line of the given files, as the builder does (`wordCache` false: whole spans). */
async function tokenizeFiles(files: string[], model: string, fraction: number, wordCache: boolean): Promise<void> {
    const { loadCorpusTokenizer } = await import("../src/corpus/tokenize/loadCorpusTokenizer.js");
    const { tokenizeDocument } = await import("../src/corpus/tokenize/tokenizeDocument.js");
    const tokenizer = await loadCorpusTokenizer(model, { wordCache });
    if (wordCache && tokenizer.mode !== "word-cache") throw new Error(`word cache is off: ${tokenizer.fallbackReason}`);
    let tokens = 0;
    let bytes = 0;
    let seconds = 0;
    // Digest of every id, to check that both modes give the same ids.
    const digest = createHash("sha256");
    for (const file of files) {
        const lines = readFileSync(file, "utf8").split("\n").filter((l) => l !== "");
        // The first `fraction` of each shard: the same mix of sources as the whole output.
        for (const line of lines.slice(0, Math.ceil(lines.length * fraction))) {
            const text = (JSON.parse(line) as { text: string }).text;
            const t = performance.now();
            const ids = tokenizeDocument(tokenizer, text);
            seconds += (performance.now() - t) / 1000;
            tokens += ids.length;
            digest.update(ids);
            bytes += Buffer.byteLength(text);
        }
    }
    const cache = tokenizer.cacheStats;
    await tokenizer.dispose();
    process.stdout.write(JSON.stringify({ tokens, bytes, seconds, sha256: digest.digest("hex"), hitRate: cache === undefined ? undefined : cache.hits / (cache.hits + cache.misses) }));
}

/**
 * Child mode: the worker stages (processBatch) in this process on the first `mb` MB of each source of the config,
 * batched as the builder batches, with per-stage times. Dedup decisions, writing and the main thread are not included.
 */
async function profileStages(configPath: string, model: string, mb: number): Promise<void> {
    const { parseCorpusConfig } = await import("../src/corpus/config/parseCorpusConfig.js");
    const { readShardRecords } = await import("../src/corpus/pipeline/readShardRecords.js");
    const { processBatch, emptyStageTimings } = await import("../src/corpus/pipeline/processBatch.js");
    const { loadCorpusTokenizer } = await import("../src/corpus/tokenize/loadCorpusTokenizer.js");
    const config = parseCorpusConfig(readFileSync(configPath, "utf8"), path.dirname(configPath), configPath);
    const nd = config.dedup.nearDuplicates;
    const init = {
        tokenizerModel: model,
        sources: config.sources.map((s) => ({ name: s.name, kind: s.kind, parser: s.type, recipe: s.recipe, textField: s.textField, english: s.filters.english, minChars: s.filters.minChars, maxChars: s.filters.maxChars })),
        minhash: nd.enabled ? { shingleSize: nd.shingleSize, bands: nd.bands, rowsPerBand: nd.rowsPerBand, seed: config.seed } : null,
        returnText: false
    };
    const tokenizer = await loadCorpusTokenizer(model);
    const timings = emptyStageTimings();
    let inputBytes = 0;
    let tokens = 0;
    const started = performance.now();
    for (const [sourceIndex, source] of config.sources.entries()) {
        let bytes = 0;
        let items: { file: string; record: number; text: string }[] = [];
        let chars = 0;
        const flush = async (): Promise<void> => {
            const result = await processBatch(init, tokenizer, { sourceIndex, items }, timings);
            for (const d of result.documents) tokens += d.tokens?.length ?? 0;
            items = [];
            chars = 0;
        };
        for (const file of source.paths) {
            if (bytes >= mb * 1e6) break;
            for await (const rec of readShardRecords(source, file, () => undefined, false, () => undefined)) {
                items.push({ file, record: rec.record, text: rec.text });
                chars += rec.text.length;
                bytes += Buffer.byteLength(rec.text);
                if (chars >= 1 << 19 || items.length >= 256) await flush();
                if (bytes >= mb * 1e6) break;
            }
        }
        if (items.length > 0) await flush();
        inputBytes += bytes;
    }
    const seconds = (performance.now() - started) / 1000;
    const cache = tokenizer.cacheStats;
    await tokenizer.dispose();
    const stageSeconds = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, v / 1000]));
    const staged = Object.values(timings).reduce((a, b) => a + b, 0) / 1000;
    process.stdout.write(JSON.stringify({
        inputMB: inputBytes / 1e6, seconds, tokens, tokensPerSecond: tokens / seconds, tokenizerMode: tokenizer.mode,
        wordCacheHitRate: cache === undefined ? undefined : cache.hits / (cache.hits + cache.misses),
        stageSeconds, stageShares: Object.fromEntries(Object.entries(stageSeconds).map(([k, v]) => [k, v / staged])),
        otherSeconds: seconds - staged
    }));
}

async function main(): Promise<void> {
    if (args[0] === "--tokenize-files") {
        await tokenizeFiles(args[4]!.split(","), args[1]!, Number(args[2]), args[3] === "word-cache");
        return;
    }
    if (args[0] === "--profile-stages") {
        await profileStages(args[1]!, args[2]!, Number(args[3]));
        return;
    }
    const gb = Number(arg("gb", "1"));
    const workers = Number(arg("workers", "2"));
    const tmp = path.join(repo, "bench", "tmp");
    const inputDir = path.join(tmp, `input-${gb}gb`);
    if (!existsSync(path.join(inputDir, ".complete"))) {
        rmSync(inputDir, { recursive: true, force: true });
        const t = performance.now();
        await generate(inputDir, gb * 1e9);
        writeFileSync(path.join(inputDir, ".complete"), "");
        process.stderr.write(`generated ${(dirBytes(inputDir) / 1e9).toFixed(2)} GB in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
    }
    const outDir = path.join(tmp, `out-${gb}gb`);
    const config = path.join(tmp, `corpus-${gb}gb.yaml`);
    const filesOf = (prefix: string): string => `[${readdirSync(inputDir).filter((f) => f.startsWith(prefix)).map((f) => JSON.stringify(path.join(inputDir, f))).join(", ")}]`;
    writeFileSync(config, [
        "seed: 42",
        "sources:",
        `  - {name: guidelines, type: guidelines-jsonl, paths: ${filesOf("guidelines")}}`,
        `  - {name: papers, type: s2orc-json, paths: ${filesOf("papers")}}`,
        `  - {name: abstracts, type: pubmed-xml, paths: ${filesOf("pubmed")}}`,
        `  - {name: replay, type: replay-jsonl, paths: ${filesOf("replay")}}`,
        `workers: ${workers}`,
        `output: {dir: ${JSON.stringify(outDir)}}`,
        ""
    ].join("\n"));

    const tsxImport = ["--import", "tsx"];
    const build = await runTimed(process.execPath, [...tsxImport, "src/cli/bin.ts", "corpus", "build", config, "--fresh"], 5);
    const stats = JSON.parse(readFileSync(path.join(outDir, "stats.json"), "utf8")) as { sources: { train: { tokens: number }; validation: { tokens: number } }[]; timing: { inputBytes: number; seconds: number } };
    const outputTokens = stats.sources.reduce((s, x) => s + x.train.tokens + x.validation.tokens, 0);
    const inputBytes = stats.timing.inputBytes;

    // Tokenizer alone on the same (cleaned) text: the JSONL shards split over `workers` processes.
    const model = path.join(outDir, ".tokenizer", "meditron-tokenizer.gguf");
    const shards = readdirSync(path.join(outDir, "jsonl")).map((f) => path.join(outDir, "jsonl", f));
    const groups: string[][] = Array.from({ length: workers }, () => []);
    shards.sort((a, b) => statSync(b).size - statSync(a).size).forEach((f) => groups.sort((x, y) => x.reduce((s, g) => s + statSync(g).size, 0) - y.reduce((s, g) => s + statSync(g).size, 0))[0]!.push(f));
    // Tokenizer alone on a sample of the same text (at most --tokenizer-mb MB, default 150) to keep the run short.
    const jsonlBytes = shards.reduce((sum, f) => sum + statSync(f).size, 0);
    const fraction = Math.min(1, (Number(arg("tokenizer-mb", "150")) * 1e6) / jsonlBytes);
    const tokenizerAlone = async (mode: "whole-span" | "word-cache") => {
        const started = performance.now();
        const parts = await Promise.all(groups.filter((g) => g.length > 0).map((g) => runTimed(process.execPath, [...tsxImport, "bench/corpus.ts", "--tokenize-files", model, String(fraction), mode, g.join(",")])));
        const wallSeconds = (performance.now() - started) / 1000;
        const tok = parts.map((p) => JSON.parse(p.stdout) as { tokens: number; bytes: number; seconds: number; sha256: string; hitRate?: number });
        const tokens = tok.reduce((s, t) => s + t.tokens, 0);
        const bytes = tok.reduce((s, t) => s + t.bytes, 0);
        // Processes run in parallel: the slowest one's pure tokenizing time is the wall time of the tokenizer alone.
        const pureTokenizeSeconds = Math.max(...tok.map((t) => t.seconds));
        return {
            mode,
            processes: parts.length,
            sampleFraction: fraction,
            wallSeconds,
            pureTokenizeSeconds,
            textMB: bytes / 1e6,
            tokens,
            tokensPerSecond: tokens / pureTokenizeSeconds,
            textMBPerSecond: bytes / 1e6 / pureTokenizeSeconds,
            idsSha256: tok.map((t) => t.sha256),
            ...(mode === "word-cache" ? { hitRate: tok.reduce((s, t) => s + (t.hitRate ?? 0) * t.tokens, 0) / tokens } : {})
        };
    };
    const reference = await tokenizerAlone("whole-span");
    const wordCache = await tokenizerAlone("word-cache");
    const profile = JSON.parse((await runTimed(process.execPath, [...tsxImport, "bench/corpus.ts", "--profile-stages", config, model, arg("profile-mb", "10")])).stdout) as Record<string, unknown>;

    const e2eTokensPerSecond = outputTokens / build.seconds;
    const perCore = e2eTokensPerSecond / workers;
    const meditronTokens = 48.1e9;
    const documents = (stats as unknown as { sources: { train: { documents: number }; validation: { documents: number } }[] }).sources.reduce((s, x) => s + x.train.documents + x.validation.documents, 0);
    const result = {
        date: new Date().toISOString(),
        machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverageAtEnd: os.loadavg(), node: process.version },
        input: { generatedUncompressedGigabytes: gb, gigabytesOnDisk: inputBytes / 1e9, files: readdirSync(inputDir).length - 1, composition: "70% S2ORC-style papers JSONL, 15% PubMed XML (gzip), 5% guidelines JSONL, 10% replay JSONL (gzip; sampled to 1% of tokens)" },
        workers,
        endToEnd: {
            seconds: build.seconds,
            peakRssMB: build.maxRssKb / 1024,
            // Resident memory through the run (every 5 s): flat once the dedup store reaches its budget.
            rssTimelineMB: build.rssTimeline,
            inputMBPerSecond: inputBytes / 1e6 / build.seconds,
            outputTokens,
            tokensPerSecond: e2eTokensPerSecond
        },
        /** llama.cpp on whole spans: the reference tokenizer (and what the builder did before the word cache). */
        tokenizerAlone: reference,
        /** The word-cached tokenizer the builder uses (same ids). */
        tokenizerAloneWordCache: wordCache,
        ratioEndToEndVsTokenizer: e2eTokensPerSecond / reference.tokensPerSecond,
        // Against the cached tokenizer's time inside tokenize calls only (reading the text excluded: strict).
        ratioEndToEndVsWordCacheTokenizer: e2eTokensPerSecond / wordCache.tokensPerSecond,
        // Against the cached tokenizer run as a job of its own (start, load, read the same JSONL, tokenize).
        ratioEndToEndVsWordCacheTokenizerJob: e2eTokensPerSecond / (wordCache.tokens / wordCache.wallSeconds),
        ratioWordCacheVsTokenizer: wordCache.tokensPerSecond / reference.tokensPerSecond,
        wordCacheIdsIdentical: reference.idsSha256.join() === wordCache.idsSha256.join(),
        /** Worker stages on one thread, in-process, on the first --profile-mb MB of each source (word-cached tokenizer). */
        workerStageProfile: profile,
        documents,
        estimate48BTokensOn64Cores: {
            assumption: "LOWER BOUND: end-to-end tokens/s per worker measured here, 63 workers + 1 reader/writer thread, linear scaling. The single main thread (reading, dedup, writing) must then handle 63x this run's documents/s; its ceiling was not measured here (its dedup store alone does 17,000-40,000 documents/s, bench/dedupStore.ts), see docs/corpus.md",
            hours: meditronTokens / (perCore * 63) / 3600,
            mainThreadDocumentsPerSecondThisRun: documents / build.seconds
        }
    };
    mkdirSync(path.join(repo, "bench", "results"), { recursive: true });
    writeFileSync(path.resolve(repo, arg("results", "bench/results/corpus.json")), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    if (!args.includes("--keep-input")) rmSync(outDir, { recursive: true, force: true });
}

await main();
