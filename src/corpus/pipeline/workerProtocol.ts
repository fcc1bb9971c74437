import type { MinHashParams } from "../dedup/minhash.js";
import type { BadInput, RemovalReason, SourceKind } from "../types.js";
import type { S2orcMetadata } from "../sources/parseS2orcRecord.js";

/** Per-source settings a worker needs. */
export interface WorkerSourceSettings {
    readonly name: string;
    readonly kind: SourceKind;
    readonly parser: "guidelines-jsonl" | "guidelines-folder" | "pubmed-xml" | "pmc-jats" | "s2orc-json" | "replay-jsonl";
    readonly recipe: string;
    readonly textField: string;
    readonly english: boolean;
    readonly minChars: number;
    readonly maxChars: number;
}

export interface WorkerInit {
    readonly tokenizerModel: string;
    readonly sources: readonly WorkerSourceSettings[];
    readonly minhash: MinHashParams | null;
    /** Send the cleaned text back (only needed for the JSONL shards; saves copying otherwise). */
    readonly returnText: boolean;
}

/** One raw input unit: a JSONL line, an XML article, a whole JATS file, or a folder file path. */
export interface WorkItem {
    readonly file: string;
    readonly record: number;
    readonly text?: string;
    readonly metadata?: S2orcMetadata;
}

export interface WorkBatch {
    readonly sourceIndex: number;
    readonly items: readonly WorkItem[];
}

/** A document after the worker's stages (parse, clean, filters, hashes, tokens). */
export interface ProcessedDocument {
    readonly file: string;
    readonly record: number;
    readonly id: string;
    readonly pmid?: string;
    readonly pmcid?: string;
    readonly chars: number;
    readonly removed?: RemovalReason;
    readonly text?: string;
    readonly tokens?: Uint16Array;
    readonly exactHi?: number;
    readonly exactLo?: number;
    readonly bands?: Uint32Array;
    readonly signature?: Uint8Array;
}

/** How a worker tokenized one batch (reported in stats.json so a slow whole-span fallback is visible). */
export interface WorkerTokenization {
    readonly mode: "word-cache" | "whole-span";
    readonly fallbackReason?: string;
}

export interface WorkResult {
    readonly documents: ProcessedDocument[];
    readonly badInputs: BadInput[];
    /** Raw records that parsed into no document (e.g. a PubMed citation without abstract). */
    readonly withoutText: number;
    /** Set by the worker thread (absent when processBatch runs in-process). */
    tokenization?: WorkerTokenization;
}
