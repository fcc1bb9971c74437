import type { RawDocument } from "../types.js";
import { ArticleBuilder } from "./ArticleBuilder.js";
import { attr, childrenOf, findAll, findChild, isText, parseXmlOrdered, pathFind, tagOf, textContent, textValue, type XmlNode } from "./xmlNodes.js";

interface Reference { readonly title?: string; readonly lastName?: string }
interface Figure { readonly label: string; readonly caption: string; readonly isTable: boolean }

/** Elements whose content never goes into the text (tables' cells, metadata, floats handled separately). */
const SKIPPED = new Set(["table", "fig", "table-wrap", "supplementary-material", "ref-list", "fn-group", "object-id", "alternatives", "graphic", "media"]);

/**
 * A PubMed Central Open Access JATS/NLM article (`.nxml`) -> a full-text paper in MediTron's markup:
 * abstract + body sections, citations resolved against the reference list, figure/table references with
 * summarised captions, captions as [fig]/[table] blocks after the body, display formulas as [formula].
 */
export function parseJatsArticle(xml: string): RawDocument | null {
    const roots = parseXmlOrdered(xml);
    const article = roots.find((n) => tagOf(n) === "article");
    if (article === undefined) throw new Error("no <article> element");
    const top = childrenOf(article);
    const meta = pathFind(top, "front", "article-meta");
    const metaChildren = meta === undefined ? [] : childrenOf(meta);
    const ids: Record<string, string> = {};
    for (const id of metaChildren.filter((n) => tagOf(n) === "article-id")) ids[attr(id, "pub-id-type") ?? ""] = textContent(id).trim();
    const titleNode = pathFind(metaChildren, "title-group", "article-title");
    const title = titleNode === undefined ? "" : textContent(titleNode).replace(/\s+/g, " ").trim();

    const references = new Map<string, Reference>();
    const back = findChild(top, "back");
    for (const ref of findAll(back === undefined ? [] : childrenOf(back), "ref")) {
        const id = attr(ref, "id");
        if (id === undefined) continue;
        const titleEl = findAll(childrenOf(ref), "article-title")[0] ?? findAll(childrenOf(ref), "source")[0];
        const surname = findAll(childrenOf(ref), "surname")[0];
        references.set(id, {
            title: titleEl === undefined ? undefined : textContent(titleEl).replace(/\s+/g, " ").trim(),
            lastName: surname === undefined ? undefined : textContent(surname).trim()
        });
    }
    const body = findChild(top, "body");
    const figures = new Map<string, Figure>();
    for (const tag of ["fig", "table-wrap"]) {
        for (const f of findAll([...(body === undefined ? [] : childrenOf(body)), ...(back === undefined ? [] : childrenOf(back)), ...top.filter((n) => tagOf(n) === "floats-group")], tag)) {
            const id = attr(f, "id");
            const label = findChild(childrenOf(f), "label");
            const caption = findChild(childrenOf(f), "caption");
            const entry = {
                label: label === undefined ? (tag === "fig" ? "Figure" : "Table") : textContent(label).trim(),
                caption: caption === undefined ? "" : captionText(caption),
                isTable: tag === "table-wrap"
            };
            if (id !== undefined) figures.set(id, entry);
            else figures.set(`#${figures.size}`, entry);
        }
    }

    const b = new ArticleBuilder();
    const abstract = meta === undefined ? undefined : findChild(metaChildren, "abstract");
    if (abstract !== undefined) renderBlocks(childrenOf(abstract), b, references, figures);
    if (body !== undefined) renderBlocks(childrenOf(body), b, references, figures);
    for (const fig of figures.values()) b.figure(fig.label, fig.caption, fig.isTable);
    const text = b.finish(title);
    if (text.trim() === "" || text.trim() === title) return null;
    const pmcid = ids.pmc === undefined ? undefined : ids.pmc.replace(/^PMC/i, "");
    return { id: pmcid !== undefined ? `pmc:${pmcid}` : ids.pmid !== undefined ? `pmid:${ids.pmid}` : `jats:${title}`, title, text, pmid: ids.pmid, pmcid };
}

function captionText(caption: XmlNode): string {
    return childrenOf(caption).map((n) => textContent(n).replace(/\s+/g, " ").trim()).filter((s) => s !== "").join(". ").replace(/\.\./g, ".");
}

function renderBlocks(nodes: readonly XmlNode[], b: ArticleBuilder, refs: Map<string, Reference>, figs: Map<string, Figure>): void {
    for (const node of nodes) {
        const tag = tagOf(node);
        if (tag === undefined || isText(node) || SKIPPED.has(tag)) continue;
        if (tag === "title") {
            b.heading(textContent(node).replace(/\s+/g, " "));
        } else if (tag === "p") {
            renderInline(childrenOf(node), b, refs, figs);
            b.paragraphBreak();
        } else if (tag === "disp-formula") {
            b.formula(formulaText(node));
        } else if (tag === "list") {
            for (const item of childrenOf(node).filter((n) => tagOf(n) === "list-item")) {
                b.raw("- ");
                for (const p of childrenOf(item)) {
                    if (tagOf(p) === "p") renderInline(childrenOf(p), b, refs, figs);
                }
                b.paragraphBreak();
            }
        } else if (tag === "label" || tag === "sec-meta") {
            continue;
        } else {
            renderBlocks(childrenOf(node), b, refs, figs);
        }
    }
}

function formulaText(node: XmlNode): string {
    const tex = findAll(childrenOf(node), "tex-math")[0];
    if (tex !== undefined) return textContent(tex);
    return childrenOf(node).filter((n) => tagOf(n) !== "label").map(textContent).join(" ");
}

/** Inline content of a paragraph; brackets around citation runs are dropped like MediTron's span fix. */
function renderInline(nodes: readonly XmlNode[], b: ArticleBuilder, refs: Map<string, Reference>, figs: Map<string, Figure>): void {
    let pending = "";
    let afterCitation = false;
    const flush = (): void => {
        b.raw(pending);
        pending = "";
    };
    for (const node of nodes) {
        if (isText(node)) {
            let t = textValue(node).replace(/\s+/g, " ");
            if (afterCitation) {
                // ", " between two citations or the closing bracket after the last one.
                const m = /^[\s,;\u2013\u2014-]*[)\]]/.exec(t);
                if (m !== null) t = t.slice(m[0].length);
                else if (/^[\s,;\u2013\u2014-]*$/.test(t)) t = "";
            }
            pending += t;
            afterCitation = false;
            continue;
        }
        const tag = tagOf(node);
        if (tag === "xref") {
            const type = attr(node, "ref-type");
            const rid = (attr(node, "rid") ?? "").split(/\s+/)[0] ?? "";
            if (type === "bibr") {
                pending = pending.replace(/[([]\s*$/, "");
                flush();
                const ref = refs.get(rid);
                b.bibRef(ref?.title, ref?.lastName);
                afterCitation = true;
            } else if (type === "fig" || type === "table") {
                // "(Figure <xref>1</xref>)": the label word outside the link belongs to the reference.
                pending = pending.replace(/[([]?\s*(?:Figures?|Figs?\.?|Tables?)?\s*$/i, "");
                flush();
                const fig = figs.get(rid);
                if (fig !== undefined) b.figRef(fig.label, fig.caption);
                else b.raw(textContent(node));
                afterCitation = true;
            } else {
                pending += textContent(node);
            }
        } else if (tag === "disp-formula") {
            flush();
            b.formula(formulaText(node));
        } else if (tag !== undefined && SKIPPED.has(tag)) {
            continue;
        } else {
            pending += textContent(node).replace(/\s+/g, " ");
            afterCitation = false;
        }
    }
    flush();
}
