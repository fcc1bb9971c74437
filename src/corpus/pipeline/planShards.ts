import path from "node:path";
import type { CorpusConfig } from "../config/CorpusConfig.js";
import { listInputFiles } from "../io/listInputFiles.js";
import { FOLDER_EXTENSIONS } from "../sources/readFolderDocument.js";
import type { SourceKind } from "../types.js";

/** A resumable unit of work: one input file, or a group of files for per-file sources (JATS, folders). */
export interface Shard {
    readonly index: number;
    readonly sourceIndex: number;
    readonly files: readonly string[];
}

/** Processing order: full text before abstracts (abstract-vs-full-text dedup needs the paper ids first), replay last (its sample size depends on the rest). */
export const KIND_PROCESSING_ORDER: readonly SourceKind[] = ["guidelines", "papers", "abstracts", "replay"];

const ACCEPT: Record<string, (f: string) => boolean> = {
    "guidelines-folder": (f) => FOLDER_EXTENSIONS.includes(path.extname(f).toLowerCase()),
    "pmc-jats": (f) => /\.(nxml|xml)(\.gz)?$/i.test(f),
    "pubmed-xml": (f) => /\.xml(\.gz)?$/i.test(f),
    "guidelines-jsonl": (f) => /\.(jsonl|json)(\.gz)?$/i.test(f),
    "replay-jsonl": (f) => /\.(jsonl|json)(\.gz)?$/i.test(f),
    "s2orc-json": (f) => /\.(jsonl|json)(\.gz)?$/i.test(f)
};

/** Lists every source's files and cuts them into shards, in processing order. Deterministic for a config. */
export async function planShards(config: CorpusConfig): Promise<Shard[]> {
    const shards: Shard[] = [];
    const order = config.sources.map((s, i) => ({ s, i })).sort((a, b) => KIND_PROCESSING_ORDER.indexOf(a.s.kind) - KIND_PROCESSING_ORDER.indexOf(b.s.kind) || a.i - b.i);
    for (const { s, i } of order) {
        const files = await listInputFiles(s.paths, ACCEPT[s.type]!, `source "${s.name}"`);
        if (s.type === "guidelines-folder" || s.type === "pmc-jats") {
            for (let f = 0; f < files.length; f += config.filesPerShard) shards.push({ index: shards.length, sourceIndex: i, files: files.slice(f, f + config.filesPerShard) });
        } else {
            for (const file of files) shards.push({ index: shards.length, sourceIndex: i, files: [file] });
        }
    }
    return shards;
}
