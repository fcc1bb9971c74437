import { REMOVAL_REASONS, type BadInput, type RemovalReason, type SourceKind } from "../types.js";

export interface SplitStats { documents: number; tokens: number; chars: number }

export interface SourceStats {
    readonly name: string;
    readonly kind: SourceKind;
    /** Raw records read (documents, bad inputs and records without text). */
    records: number;
    /** Records that parsed into no document (e.g. a PubMed citation without abstract). */
    withoutText: number;
    badInputs: number;
    removed: Record<RemovalReason, number>;
    train: SplitStats;
    validation: SplitStats;
    /** Extra train copies written by upsampling (weights > 1). */
    upsampledCopies: number;
}

/** The build report (`stats.json`); `renderStatsMarkdown` turns it into the paper's Table 1 layout. */
export interface CorpusStatsReport {
    version: 1;
    seed: number;
    tokenizer: string;
    mixing: string;
    completed: boolean;
    sources: SourceStats[];
    badInputs: { total: number; byKind: Record<string, number>; first: BadInput[] };
    pubmedDeleteCitations: number;
    replay?: { targetFraction: number; sampleThreshold: number; achievedFraction?: number };
    timing?: { seconds: number; inputBytes: number; megabytesPerSecond: number; tokensPerSecond: number };
    /**
     * How the workers tokenized: "word-cache" (exact ids, fast), "whole-span" (llama.cpp on every span: the
     * vocabulary does not allow word-by-word tokenization, see fallbackReasons) or "mixed". Cache hit counts
     * are not kept here: they depend on worker count and resume points, and stats.json is deterministic.
     */
    tokenization?: { mode: "word-cache" | "whole-span" | "mixed"; fallbackReasons: string[] };
}

/** Records how one batch was tokenized. */
export function recordTokenization(report: CorpusStatsReport, batch: { mode: "word-cache" | "whole-span"; fallbackReason?: string }): void {
    const t = report.tokenization ?? (report.tokenization = { mode: batch.mode, fallbackReasons: [] });
    if (t.mode !== batch.mode) t.mode = "mixed";
    if (batch.fallbackReason !== undefined && !t.fallbackReasons.includes(batch.fallbackReason)) t.fallbackReasons.push(batch.fallbackReason);
}

export function emptySourceStats(name: string, kind: SourceKind): SourceStats {
    const removed = Object.fromEntries(REMOVAL_REASONS.map((r) => [r, 0])) as Record<RemovalReason, number>;
    return { name, kind, records: 0, withoutText: 0, badInputs: 0, removed, train: { documents: 0, tokens: 0, chars: 0 }, validation: { documents: 0, tokens: 0, chars: 0 }, upsampledCopies: 0 };
}

export const MAX_REPORTED_BAD_INPUTS = 1000;

const KIND_LABEL: Record<SourceKind, string> = { guidelines: "Clinical Guidelines", abstracts: "PubMed Abstracts", papers: "PubMed Papers", replay: "Experience Replay" };
const KIND_ORDER: SourceKind[] = ["guidelines", "abstracts", "papers", "replay"];

const fmt = (n: number): string => n.toLocaleString("en-US");
const pct = (part: number, total: number): string => (total === 0 ? "0%" : `${((100 * part) / total).toFixed(part / total < 0.01 ? 2 : 1)}%`);

function addSplit(a: SplitStats, b: SplitStats): SplitStats {
    return { documents: a.documents + b.documents, tokens: a.tokens + b.tokens, chars: a.chars + b.chars };
}

/** Markdown report: Table-1-style mixture (per kind and per source) and removals per filter. */
export function renderStatsMarkdown(report: CorpusStatsReport): string {
    const lines: string[] = [];
    lines.push(`# GAP-Replay corpus build${report.completed ? "" : " (incomplete)"}`, "");
    lines.push(`Seed ${report.seed}; mixing: ${report.mixing}; tokenizer: ${report.tokenizer}.`, "");
    const totalTrain = report.sources.reduce((s, x) => s + x.train.tokens, 0);
    const row = (label: string, train: SplitStats, val: SplitStats): string =>
        `| ${label} | ${fmt(train.documents)} | ${fmt(val.documents)} (${pct(val.documents, train.documents + val.documents)}) | ${fmt(train.tokens)} | ${fmt(val.tokens)} (${pct(val.tokens, train.tokens + val.tokens)}) | ${pct(train.tokens, totalTrain)} |`;
    lines.push("## Mixture (Table 1 layout)", "", "| Dataset | Train samples | Val samples | Train tokens | Val tokens | Share of train tokens |", "|---|---:|---:|---:|---:|---:|");
    let total = { train: { documents: 0, tokens: 0, chars: 0 }, validation: { documents: 0, tokens: 0, chars: 0 } };
    for (const kind of KIND_ORDER) {
        const of = report.sources.filter((s) => s.kind === kind);
        if (of.length === 0) continue;
        const train = of.reduce((a, s) => addSplit(a, s.train), { documents: 0, tokens: 0, chars: 0 });
        const val = of.reduce((a, s) => addSplit(a, s.validation), { documents: 0, tokens: 0, chars: 0 });
        total = { train: addSplit(total.train, train), validation: addSplit(total.validation, val) };
        lines.push(row(KIND_LABEL[kind], train, val));
    }
    lines.push(row("**Total**", total.train, total.validation), "");
    lines.push("## Per source", "", "| Source | Kind | Records | Train samples | Val samples | Train tokens | Val tokens | Upsampled copies |", "|---|---|---:|---:|---:|---:|---:|---:|");
    for (const s of report.sources) {
        lines.push(`| ${s.name} | ${s.kind} | ${fmt(s.records)} | ${fmt(s.train.documents)} | ${fmt(s.validation.documents)} | ${fmt(s.train.tokens)} | ${fmt(s.validation.tokens)} | ${fmt(s.upsampledCopies)} |`);
    }
    lines.push("", "## Removed by each filter", "", `| Source | bad input | no text | ${REMOVAL_REASONS.join(" | ")} |`, `|---|---:|---:|${REMOVAL_REASONS.map(() => "---:").join("|")}|`);
    for (const s of report.sources) {
        lines.push(`| ${s.name} | ${fmt(s.badInputs)} | ${fmt(s.withoutText)} | ${REMOVAL_REASONS.map((r) => fmt(s.removed[r])).join(" | ")} |`);
    }
    if (report.replay !== undefined) {
        lines.push("", `Replay: target ${pct(report.replay.targetFraction, 1)} of train tokens, achieved ${report.replay.achievedFraction === undefined ? "n/a" : pct(report.replay.achievedFraction, 1)}.`);
    }
    if (report.pubmedDeleteCitations > 0) lines.push("", `PubMed update files listed ${fmt(report.pubmedDeleteCitations)} deleted citations (counted, not applied).`);
    lines.push("", `## Bad inputs: ${fmt(report.badInputs.total)}`, "");
    for (const b of report.badInputs.first.slice(0, 50)) lines.push(`- ${b.kind}: ${b.file} (${b.position}): ${b.message}`);
    if (report.badInputs.total > 50) lines.push(`- ... ${fmt(report.badInputs.total - 50)} more in stats.json (first ${MAX_REPORTED_BAD_INPUTS} kept)`);
    if (report.tokenization !== undefined) {
        const t = report.tokenization;
        const how = t.mode === "word-cache" ? "llama.cpp's SentencePiece through the per-word cache (ids identical to whole spans)"
            : t.mode === "whole-span" ? "llama.cpp on whole spans (word cache off)" : "word cache in some workers, whole spans in others";
        lines.push("", `Tokenization: ${how}.${t.fallbackReasons.length > 0 ? ` Word cache off because: ${t.fallbackReasons.join("; ")}.` : ""}`);
    }
    if (report.timing !== undefined) {
        lines.push("", `Throughput: ${report.timing.megabytesPerSecond.toFixed(2)} MB/s of input, ${fmt(Math.round(report.timing.tokensPerSecond))} tokens/s (${report.timing.seconds.toFixed(1)} s).`);
    }
    return `${lines.join("\n")}\n`;
}
