import { isMainSectionHeader } from "./ArticleBuilder.js";

/**
 * The current Semantic Scholar `s2orc` dataset format (`{corpusid, externalids, content: {text, annotations}}`,
 * each annotation a JSON-encoded list of `{start, end, attributes?}` character spans), formatted exactly as
 * MediTron's `format_article` / `parse_article` / `format_bib` / `format_fig` in `gap-replay/pubmed/process.py`
 * (KEEP_HEADER, KEEP_BIBLIOGRAPHY False; figure and table captions kept). Python's "any error skips this
 * part" behaviour is reproduced by returning null from the helpers.
 */
interface Span { start: number; end: number; attributes?: Record<string, unknown> }

type Annotations = Record<string, unknown>;

function spans(annotations: Annotations, key: string): Span[] {
    const raw = annotations[key];
    if (raw === null || raw === undefined || raw === "") return [];
    const value: unknown = typeof raw === "string" ? JSON.parse(raw) : raw;
    return Array.isArray(value) ? (value as Span[]) : [];
}

const pyStrip = (s: string): string => s.trim();
const words = (s: string): string[] => s.trim().split(/\s+/u).filter((w) => w !== "");

function formatBib(article: string, annotations: Annotations, bibId: string, maxLength = 12): string | null {
    const entry = spans(annotations, "bibentry").find((b) => b.attributes?.id === bibId);
    if (entry === undefined) return null;
    const start = Number(entry.start);
    const end = Number(entry.end);
    const titleSpan = spans(annotations, "bibtitle").find((t) => t.start >= start && t.end <= end);
    if (titleSpan === undefined) return null;
    let title = article.slice(Number(titleSpan.start), Number(titleSpan.end));
    if (title === "") return null;
    const authorSpan = spans(annotations, "bibauthorlastname").find((a) => a.start >= start && a.end <= end);
    if (authorSpan === undefined) return null;
    const author = article.slice(Number(authorSpan.start), Number(authorSpan.end));
    if (author === "") return null;
    const split = words(title);
    if (split.length > maxLength) title = `${split.slice(0, maxLength).join(" ")}...`;
    return `${title}, ${author}`;
}

function summarizeCaptionPy(caption: string, maxLength: number): string {
    let out = caption;
    if (out.length > 20) out = out.split(/[.;:()]/)[0] ?? "";
    const split = words(out);
    return split.length > maxLength ? `${split.slice(0, maxLength).join(" ")}...` : out;
}

function formatFig(article: string, annotations: Annotations, figId: string, maxLength: number | null): [string, string] | null {
    const fig = spans(annotations, "figure").find((f) => f.attributes?.id === figId);
    if (fig === undefined) return null;
    const figStart = Number(fig.start);
    const figEnd = Number(fig.end);
    const cap = spans(annotations, "figurecaption").find((c) => c.start >= figStart && c.end <= figEnd);
    if (cap === undefined || Number(cap.start) === 0) return null;
    const lines = article.slice(figStart, Number(cap.start)).split("\n");
    if (lines.length < 2) return null;
    const prefix = lines[1]!;
    let name = prefix.replaceAll(" .", " ").replace(/[:()]/g, "");
    name = name.replaceAll("Fig.", "Figure").replaceAll("Tab.", "Table").replaceAll(" Figure", ", Figure").trim();
    let caption = pyStrip(article.slice(Number(cap.start), Number(cap.end)).replaceAll(prefix, ""));
    if (maxLength !== null) caption = summarizeCaptionPy(caption, maxLength);
    const first = words(caption)[0];
    if (first === undefined) return null;
    if (/^\d+$/.test(first)) {
        name += ` ${first}`;
        caption = words(caption).slice(1).join(" ");
    }
    if (name !== "") name += ": ";
    while (caption.startsWith(".") || caption.startsWith(",") || caption.startsWith(")")) caption = pyStrip(caption.slice(1));
    return [name, caption];
}

/** `parse_article`: one label per character. */
function labelCharacters(article: string, annotations: Annotations): string[] {
    const labels = new Array<string>(article.length).fill("T");
    const fill = (from: number, to: number, label: string): void => {
        for (let i = Math.max(0, from); i < Math.min(to, labels.length); i++) labels[i] = label;
    };
    const plan: [string, string | null][] = [
        ["authorfirstname", "RM"], ["authorlastname", "RM"], ["authoraffiliation", "RM"], ["bibentry", "BIB"], ["formula", "FML"],
        ["sectionheader", "SEC"], ["bibref", null], ["figureref", null], ["tableref", null], ["figure", null]
    ];
    for (const [type, token] of plan) {
        for (const a of spans(annotations, type)) {
            let start = Number(a.start);
            let end = Number(a.end);
            if (type === "bibref" || type === "figureref" || type === "tableref") {
                // Python's article[start-3:start] is empty when start < 3 (negative index), so no widening there.
                const before = start >= 3 ? article.slice(start - 3, start) : "";
                if (before.includes("(")) start = start - 3 + before.indexOf("(");
                const after = article.slice(end, end + 3);
                if (after.includes(")")) end = end + after.indexOf(")") + 1;
                if (a.attributes === undefined) fill(start, end, "b?");
                else if (typeof a.attributes.ref_id === "string") fill(start, end, a.attributes.ref_id);
                // attributes without ref_id: KeyError in MediTron, swallowed; the span stays text.
            } else if (type === "figure") {
                const id = a.attributes?.id;
                if (typeof id !== "string" || !id.includes("_")) continue;
                const [kind, num] = id.split("_");
                fill(start, end, `${kind!.toUpperCase()}_${num}`);
            } else {
                fill(start, end, token!);
            }
        }
    }
    // KEEP_HEADER = False: text before the abstract / first section header is dropped.
    // MediTron json.loads the sectionheader annotation unguarded: when it is null the whole step is skipped.
    if (annotations.sectionheader === null || annotations.sectionheader === undefined) return labels;
    let start: number | undefined;
    const abstract = spans(annotations, "abstract")[0];
    if (abstract !== undefined && Number(abstract.start) !== 0) start = Number(abstract.start);
    const headers = spans(annotations, "sectionheader");
    if (headers.length > 0) {
        const intro = Math.min(...headers.map((h) => Number(h.start)));
        if (start === undefined || intro < start) start = intro;
    }
    if (start !== undefined && start !== 0) for (let i = 0; i < start; i++) if (labels[i] === "T") labels[i] = "P";
    return labels;
}

/** `format_article` + the title prefix of `process_s2orc`. Returns null when there is no text. */
export function formatS2orcAnnotated(article: string, annotations: Annotations, title: string | undefined): string | null {
    if (article === "") return null;
    const labels = labelCharacters(article, annotations);
    const figs = new Map<string, string>();
    const bibs = new Map<string, string | null>();
    const addedFigures: string[] = [];
    let text = "";
    let atFigures = false;
    let start = 0;
    while (start < labels.length) {
        const label = labels[start]!;
        let end = start;
        while (end < labels.length && labels[end] === label) end++;
        const part = pyStrip(article.slice(start, end)).replaceAll("•", "- ");
        start = end;
        if (part === "") continue;
        if (label === "T") {
            if (!atFigures) text += part;
        } else if (label === "SEC") {
            const cap = part[0]!.toUpperCase() + part.slice(1).toLowerCase();
            text += isMainSectionHeader(cap) ? `\n# ${cap}\n` : `\n## ${cap}\n`;
        } else if (label.includes("fig_") || label.includes("tab_")) {
            let str = figs.get(label);
            if (str === undefined) {
                const f = formatFig(article, annotations, label, 12);
                if (f === null) continue;
                str = f[0] + f[1];
                figs.set(label, str);
            }
            if (str !== "") text += ` [fig_ref] ${str} [/fig_ref] `;
        } else if (label.includes("b")) {
            if (label === "b?") {
                text += " ";
                continue;
            }
            if (!bibs.has(label)) bibs.set(label, formatBib(article, annotations, label));
            const str = bibs.get(label);
            if (str !== null && str !== undefined && str !== "") text += ` [bib_ref] ${str} [/bib_ref] `;
        } else if (label.includes("FIG_") || label.includes("TAB_")) {
            atFigures = true;
            const [kind, num] = label.split("_");
            const f = formatFig(article, annotations, `${kind!.toLowerCase()}_${num}`, null);
            if (f === null || f[0] === "" || f[1] === "") continue;
            const str = f[0] + f[1];
            const name = f[0].toLowerCase();
            const added = addedFigures.some((fig) => name.includes(fig.trim().replace(/[:,()]/g, "")));
            if (!str.toLowerCase().includes("continued") && !added) {
                addedFigures.push(name);
                const [open, close] = label.includes("FIG_") ? ["[fig]", "[/fig]"] : ["[table]", "[/table]"];
                text += `\n${open} ${str} ${close}\n`;
            }
        } else if (label === "FML") {
            text += `\n[formula] ${part} [/formula]\n`;
        }
    }
    text = text.replace(/\n+/g, "\n").replace(/\n# /g, "\n\n# ").replace(/\n## /g, "\n\n## ").replace(/ +/g, " ");
    text = text.replace(/\[\/fig_ref\] \./g, "[/fig_ref].").replace(/\[\/bib_ref\] \./g, "[/bib_ref].");
    if (text === "") return null;
    return title !== undefined && title !== "" ? `${title}\n\n${text}` : text;
}
