import type { SourceKind } from "../types.js";

/** Source formats `meditron corpus build` reads. */
export type SourceType = "guidelines-jsonl" | "guidelines-folder" | "pubmed-xml" | "pmc-jats" | "s2orc-json" | "replay-jsonl";

export const SOURCE_TYPES: Readonly<Record<SourceType, SourceKind>> = {
    "guidelines-jsonl": "guidelines",
    "guidelines-folder": "guidelines",
    "pubmed-xml": "abstracts",
    "pmc-jats": "papers",
    "s2orc-json": "papers",
    "replay-jsonl": "replay"
};

/** One input source of the build, after validation and defaults. */
export interface CorpusSourceConfig {
    readonly name: string;
    readonly type: SourceType;
    readonly kind: SourceKind;
    /** Absolute files or folders (folders are listed recursively, sorted). */
    readonly paths: readonly string[];
    /** Fraction of documents sent to the validation split. */
    readonly validationFraction: number;
    /** Upsampling weight in `weights` mixing (1 = once). */
    readonly weight: number;
    /** Cleaning recipe name (guidelines: MediTron source tag such as `cdc`, `wikidoc`; else the kind's recipe). */
    readonly recipe: string;
    /** Guidelines JSONL: field with the text (`clean_text` is already cleaned by MediTron, `raw_text` gets the recipe). */
    readonly textField: string;
    /** S2ORC: metadata JSONL files joined on paper_id (title, PubMed/PMC ids). */
    readonly metadata: readonly string[];
    readonly filters: { readonly english: boolean; readonly minChars: number; readonly maxChars: number };
}

export interface NearDuplicateConfig {
    readonly enabled: boolean;
    /** Words per shingle. */
    readonly shingleSize: number;
    readonly bands: number;
    readonly rowsPerBand: number;
    /** Estimated Jaccard similarity at or above which an LSH candidate is a duplicate. */
    readonly threshold: number;
}

/** Where the global dedup state lives: `disk` (SQLite in the work folder, bounded memory) or `memory` (hash tables, grows per document). */
export type DedupStoreKind = "disk" | "memory";

export interface DedupConfig {
    readonly exact: boolean;
    readonly abstractsVsFullText: boolean;
    readonly nearDuplicates: NearDuplicateConfig;
    readonly store: DedupStoreKind;
    /** Page cache of the disk store in MB: its memory use whatever the number of documents. */
    readonly memoryMB: number;
}

export interface CorpusConfig {
    /** Folder of the config file; relative paths resolve against it. */
    readonly baseDir: string;
    readonly seed: number;
    readonly sources: readonly CorpusSourceConfig[];
    readonly dedup: DedupConfig;
    readonly mixing:
        | { readonly mode: "meditron"; readonly replayTokenFraction: number }
        | { readonly mode: "weights" };
    readonly tokenizer: { readonly model?: string };
    readonly output: {
        readonly dir: string;
        /** Dataset prefix: `{prefix}-train_text_document.bin` etc. */
        readonly prefix: string;
        /** Also write the cleaned text as JSONL, one file per input shard. */
        readonly jsonl: boolean;
    };
    readonly workers: number;
    /** Folder sources: files per resumable shard. */
    readonly filesPerShard: number;
}
