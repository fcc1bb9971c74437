import type { RawDocument } from "../types.js";
import { attr, childrenOf, findAll, findChildren, pathFind, parseXmlOrdered, tagOf, textContent, type XmlNode } from "./xmlNodes.js";

/**
 * One `<PubmedArticle>` element of a PubMed baseline/update file -> an abstract document
 * (`title + "\n" + abstract`, as MediTron's process_abstracts). Structured abstracts keep their labels
 * ("BACKGROUND: ..."), one section per line. Returns null when the article has no abstract.
 */
export function parsePubmedArticle(xml: string): RawDocument | null {
    const roots = parseXmlOrdered(xml);
    const article = roots.find((n) => tagOf(n) === "PubmedArticle");
    if (article === undefined) throw new Error("no <PubmedArticle> element");
    const top = childrenOf(article);
    const citation = pathFind(top, "MedlineCitation");
    if (citation === undefined) throw new Error("<PubmedArticle> without <MedlineCitation>");
    const cit = childrenOf(citation);
    const pmidNode = pathFind(cit, "PMID");
    const pmid = pmidNode === undefined ? undefined : textContent(pmidNode).trim();
    const art = pathFind(cit, "Article");
    const artChildren = art === undefined ? [] : childrenOf(art);
    const titleNode = pathFind(artChildren, "ArticleTitle");
    const title = titleNode === undefined ? "" : textContent(titleNode).trim();
    const abstractNode = pathFind(artChildren, "Abstract");
    const parts: string[] = [];
    if (abstractNode !== undefined) {
        for (const node of findChildren(childrenOf(abstractNode), "AbstractText")) {
            const text = textContent(node).trim();
            if (text === "") continue;
            const label = attr(node, "Label");
            parts.push(label === undefined || label === "" ? text : `${label}: ${text}`);
        }
    }
    let pmcid: string | undefined;
    const idList = pathFind(top, "PubmedData", "ArticleIdList");
    if (idList !== undefined) {
        for (const id of findAll(childrenOf(idList), "ArticleId") as XmlNode[]) {
            if (attr(id, "IdType") === "pmc") pmcid = textContent(id).trim();
        }
    }
    if (parts.length === 0) return null;
    return { id: pmid === undefined ? `pubmed:${title}` : `pmid:${pmid}`, title, text: `${title}\n${parts.join("\n")}`, pmid, pmcid };
}
