import type { RawDocument } from "../types.js";
import { ArticleBuilder } from "./ArticleBuilder.js";
import { formatS2orcAnnotated } from "./formatS2orcAnnotated.js";

/** The fields of an S2ORC metadata row this builder uses (joined on paper_id). */
export interface S2orcMetadata {
    readonly title?: string;
    readonly pmid?: string;
    readonly pmcid?: string;
}

interface Span { start: number; end: number; ref_id?: string | null }
interface Paragraph { section?: string; text?: string; cite_spans?: Span[]; ref_spans?: Span[] }
interface BibEntry { title?: string; authors?: { last?: string }[] }
interface RefEntry { text?: string; type?: string }

/** Splits "Figure 1. Caption..." into its label and caption. */
function splitCaption(text: string): { label: string; caption: string } {
    const m = /^((?:Fig\.?|Figure|Table|Tab\.?|Supplementary Figure)\s*[A-Za-z]?\d+[A-Za-z]?)\s*[.:|]?\s*/i.exec(text);
    return m === null ? { label: "", caption: text } : { label: m[1]!, caption: text.slice(m[0].length) };
}

/**
 * An S2ORC record -> a full-text paper in MediTron's markup. Two layouts: the current Semantic Scholar
 * Datasets format (`content.text` + annotation spans, what MediTron used; formatted by formatS2orcAnnotated,
 * a port of MediTron's format_article) and the 2020 `pdf_parses` release (abstract[], body_text[] with
 * cite_spans/ref_spans, bib_entries, ref_entries). Citation spans are widened to swallow the surrounding
 * parentheses exactly as MediTron's parse_article does (`(` within 3 characters before, `)` within 3 after).
 */
export function parseS2orcRecord(record: Record<string, unknown>, metadata: S2orcMetadata | undefined): RawDocument | null {
    const paperId = String(record.paper_id ?? record.corpusid ?? "");
    const content = record.content as { text?: unknown; annotations?: unknown } | null | undefined;
    if (content !== undefined && content !== null && typeof content === "object") return parseAnnotatedRecord(record, content, metadata, paperId);
    const bib = (record.bib_entries ?? {}) as Record<string, BibEntry>;
    const refEntries = (record.ref_entries ?? {}) as Record<string, RefEntry>;
    const abstract = (Array.isArray(record.abstract) ? record.abstract : []) as Paragraph[];
    const body = (Array.isArray(record.body_text) ? record.body_text : []) as Paragraph[];
    if (abstract.length === 0 && body.length === 0) return null;

    const b = new ArticleBuilder();
    let section: string | undefined;
    const render = (p: Paragraph, isAbstract: boolean): void => {
        if (!isAbstract && p.section !== undefined && p.section !== section) {
            section = p.section;
            b.heading(p.section);
        }
        const text = p.text ?? "";
        const spans: { start: number; end: number; kind: "bib" | "ref"; id: string | null | undefined }[] = [
            ...(p.cite_spans ?? []).map((s) => ({ ...s, kind: "bib" as const, id: s.ref_id })),
            ...(p.ref_spans ?? []).map((s) => ({ ...s, kind: "ref" as const, id: s.ref_id }))
        ].sort((x, y) => x.start - y.start);
        let cursor = 0;
        for (const span of spans) {
            let start = span.start;
            let end = span.end;
            const before = text.slice(Math.max(0, start - 3), start);
            if (before.includes("(")) start = Math.max(0, start - 3) + before.indexOf("(");
            const after = text.slice(end, end + 3);
            if (after.includes(")")) end = end + after.indexOf(")") + 1;
            if (start < cursor) continue;
            b.plain(text.slice(cursor, start));
            if (span.kind === "bib") {
                const entry = span.id == null ? undefined : bib[span.id];
                b.bibRef(entry?.title, entry?.authors?.[0]?.last);
            } else {
                const entry = span.id == null ? undefined : refEntries[span.id];
                if (entry?.text !== undefined) {
                    const { label, caption } = splitCaption(entry.text);
                    b.figRef(label, caption);
                }
            }
            cursor = end;
        }
        b.plain(text.slice(cursor));
        b.paragraphBreak();
    };
    for (const p of abstract) render(p, true);
    for (const p of body) render(p, false);
    for (const entry of Object.values(refEntries)) {
        if (entry.text === undefined) continue;
        const { label, caption } = splitCaption(entry.text);
        b.figure(label, caption, entry.type === "table");
    }
    const title = metadata?.title ?? String(record.title ?? "");
    const text = b.finish(title);
    const pmcid = metadata?.pmcid?.replace(/^PMC/i, "");
    return {
        id: pmcid !== undefined ? `pmc:${pmcid}` : metadata?.pmid !== undefined ? `pmid:${metadata.pmid}` : `s2:${paperId}`,
        title, text, pmid: metadata?.pmid, pmcid
    };
}

/** Reads the join fields of one S2ORC metadata JSONL row. */
export function s2orcMetadataFromRow(row: Record<string, unknown>): { paperId: string; metadata: S2orcMetadata } | null {
    if (row.paper_id === undefined && row.corpusid === undefined) return null;
    const str = (v: unknown): string | undefined => (v === null || v === undefined || v === "" ? undefined : String(v));
    const external = (row.externalids ?? {}) as Record<string, unknown>;
    return {
        paperId: String(row.paper_id ?? row.corpusid),
        metadata: { title: str(row.title), pmid: str(row.pubmed_id ?? external.PubMed), pmcid: str(row.pmc_id ?? external.PubMedCentral) }
    };
}

/** The current Semantic Scholar Datasets `s2orc` record: `content.text` + character-span annotations. */
function parseAnnotatedRecord(record: Record<string, unknown>, content: { text?: unknown; annotations?: unknown }, metadata: S2orcMetadata | undefined, paperId: string): RawDocument | null {
    if (typeof content.text !== "string" || content.text === "") return null;
    const annotations = (content.annotations ?? {}) as Record<string, unknown>;
    const title = metadata?.title ?? (typeof record.title === "string" ? record.title : undefined);
    const text = formatS2orcAnnotated(content.text, annotations, title);
    if (text === null) return null;
    const external = (record.externalids ?? {}) as Record<string, unknown>;
    const str = (v: unknown): string | undefined => (v === null || v === undefined || v === "" ? undefined : String(v));
    const pmid = metadata?.pmid ?? str(external.pubmed ?? external.PubMed);
    const pmcid = (metadata?.pmcid ?? str(external.pubmedcentral ?? external.PubMedCentral))?.replace(/^PMC/i, "");
    return { id: pmcid !== undefined ? `pmc:${pmcid}` : pmid !== undefined ? `pmid:${pmid}` : `s2:${paperId}`, title: title ?? "", text, pmid, pmcid };
}
