/**
 * Dedup store benchmark: feeds N synthetic documents (random exact keys, band keys and signatures; every
 * tenth document repeats an earlier one, so lookups also hit) through the main thread's dedup calls
 * (hasExact, isNearDuplicate, addExact; a shard completes every 10,000 documents) with `dedup.store: memory`
 * and `disk`, each in its own child process so RSS is its own. Reports documents/s and heap + RSS growth
 * per document between the first and the last tenth of the run, and the database's bytes per kept document.
 *
 *   npx tsx bench/dedupStore.ts [--docs 200000] [--bands 20] [--rows 6] [--memory-mb 64] [--results bench/results/dedup-store.json]
 *
 * The database goes to bench/tmp/ (gitignored) and is deleted afterwards.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DedupState } from "../src/corpus/dedup/DedupState.js";
import type { DedupStore } from "../src/corpus/dedup/DedupStore.js";
import { SqliteDedupStore } from "../src/corpus/dedup/SqliteDedupStore.js";
import { mulberry32Float } from "../src/util/mulberry32.js";
import { benchArg } from "./benchArgs.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name: string, fallback: string): string => benchArg(name, fallback, args);
const docs = Number(arg("docs", "200000"));
const bands = Number(arg("bands", "20"));
const rows = Number(arg("rows", "6"));
const memoryMB = Number(arg("memory-mb", "64"));
const permutations = bands * rows;

interface RunResult { store: string; docs: number; kept: number; seconds: number; docsPerSecond: number; heapBytesPerDoc: number; rssBytesPerDoc: number; peakRssMB: number; dbBytesPerKeptDoc?: number }

function measure(kind: "memory" | "disk"): RunResult {
    const tmp = path.join(here, "tmp", `dedup-store-${process.pid}`);
    mkdirSync(tmp, { recursive: true });
    const file = path.join(tmp, "dedup.sqlite");
    const store: DedupStore = kind === "disk"
        ? SqliteDedupStore.open(file, { bands, permutations, threshold: 0.8, nearEnabled: true, memoryMB }, 0)
        : Object.assign(new DedupState(bands, permutations, 0.8, true), { completeShard: async () => undefined, close: () => undefined });
    const random = mulberry32Float(42);
    const u32 = (): number => Math.floor(random() * 2 ** 32) >>> 0;
    const previous: { hi: number; lo: number; bands: Uint32Array; signature: Uint8Array }[] = [];
    let kept = 0;
    let peakRss = 0;
    const sample = (): { heap: number; rss: number } => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        return { heap: m.heapUsed + m.arrayBuffers, rss: m.rss };
    };
    const tenth = Math.floor(docs / 10);
    let early = sample();
    const started = performance.now();
    for (let d = 0; d < docs; d++) {
        let doc;
        if (d % 10 === 9 && previous.length > 0) doc = previous[d % previous.length]!;
        else {
            const signature = new Uint8Array(permutations);
            for (let p = 0; p < permutations; p++) signature[p] = u32() & 0xff;
            doc = { hi: u32(), lo: u32(), bands: Uint32Array.from({ length: bands }, u32), signature };
            if (previous.length < 1000) previous.push(doc);
        }
        if (!store.hasExact(doc.hi, doc.lo) && !store.isNearDuplicate(doc.bands, doc.signature)) {
            store.addExact(doc.hi, doc.lo);
            kept++;
        }
        if (d % 10_000 === 9_999) void store.completeShard(Math.floor(d / 10_000));
        if (d === tenth) {
            global.gc?.();
            early = sample();
        }
        if (d % 1000 === 0) sample();
    }
    const seconds = (performance.now() - started) / 1000;
    global.gc?.();
    const late = sample();
    const grownDocs = docs - tenth;
    store.close();
    const dbBytes = kind === "disk" ? statSync(file).size : undefined;
    rmSync(tmp, { recursive: true, force: true });
    return {
        store: kind === "disk" ? `disk (memoryMB ${memoryMB})` : "memory", docs, kept, seconds, docsPerSecond: Math.round(docs / seconds),
        heapBytesPerDoc: Math.round((late.heap - early.heap) / grownDocs), rssBytesPerDoc: Math.round((late.rss - early.rss) / grownDocs),
        peakRssMB: Math.round(peakRss / 2 ** 20), dbBytesPerKeptDoc: dbBytes === undefined ? undefined : Math.round(dbBytes / kept)
    };
}

if (args[0] === "--child") {
    process.stdout.write(JSON.stringify(measure(args[1] as "memory" | "disk")));
} else {
    const results = (["memory", "disk"] as const).map((kind) => {
        const out = execFileSync(process.execPath, ["--expose-gc", ...process.execArgv, fileURLToPath(import.meta.url), "--child", kind, ...args], { encoding: "utf8", maxBuffer: 1 << 20 });
        return JSON.parse(out) as RunResult;
    });
    console.table(results);
    const file = arg("results", path.join(here, "results", "dedup-store.json"));
    const machine = { cpus: os.cpus().length, loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))), node: process.version };
    writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine, bands, rowsPerBand: rows, memoryMB, results }, null, 2)}\n`);
    console.log(`wrote ${file}`);
}
