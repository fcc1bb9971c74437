import { describe, expect, it } from "vitest";
import { parseS2orcRecord } from "../../src/corpus/sources/parseS2orcRecord.js";

/** A record in the current Semantic Scholar `s2orc` layout, offsets computed from the text. */
function apiRecord(): Record<string, unknown> {
    const text = [
        "Journal header Authors\n",
        "Abstract text here about opioids.\n",
        "Introduction\n",
        "Pain is common (Smith 2020). See Figure 1 for details. Unknown ref [5] here.\n",
        "E = mc^2\n",
        "\nFigure 1\nOpioid prescribing trends over time. More details follow.\n",
        "Trailing text after the figure.\n",
        "Smith J. Opioid use in chronic pain. 2020."
    ].join("");
    const at = (s: string, from = 0): { start: number; end: number } => {
        const start = text.indexOf(s, from);
        if (start < 0) throw new Error(s);
        return { start, end: start + s.length };
    };
    const figStart = text.indexOf("\nFigure 1\nOpioid");
    const ann = {
        authorlastname: [at("Authors")],
        abstract: [at("Abstract text here about opioids.")],
        sectionheader: [at("Introduction")],
        bibref: [{ ...at("Smith 2020"), attributes: { ref_id: "b0" } }, at("5]")],
        figureref: [{ ...at("Figure 1 for"), end: at("Figure 1 for").start + 8, attributes: { ref_id: "fig_0" } }],
        formula: [at("E = mc^2")],
        figure: [{ start: figStart, end: at("More details follow.").end, attributes: { id: "fig_0" } }],
        figurecaption: [at("Opioid prescribing trends over time. More details follow.")],
        bibentry: [{ ...at("Smith J. Opioid use in chronic pain. 2020."), attributes: { id: "b0" } }],
        bibtitle: [at("Opioid use in chronic pain")],
        bibauthorlastname: [at("Smith", text.indexOf("Smith J."))]
    };
    // The API stores each annotation list as a JSON string.
    const annotations = Object.fromEntries(Object.entries(ann).map(([k, v]) => [k, JSON.stringify(v)]));
    return { corpusid: 42, externalids: { pubmed: "123", pubmedcentral: "PMC456" }, title: "Opioid paper", content: { text, annotations } };
}

describe("S2ORC (Semantic Scholar Datasets API layout), MediTron's format_article", () => {
    it("drops the header, formats sections, citations, figure references, formulas and captions, and cuts after the figures", () => {
        const doc = parseS2orcRecord(apiRecord(), undefined)!;
        expect(doc).toMatchObject({ id: "pmc:456", pmid: "123", pmcid: "456", title: "Opioid paper" });
        expect(doc.text).toBe(
            "Opioid paper\n\nAbstract text here about opioids.\n\n# Introduction\n"
            + "Pain is common [bib_ref] Opioid use in chronic pain, Smith [/bib_ref]. See [fig_ref] Figure 1: Opioid prescribing trends over time [/fig_ref] for details. Unknown ref [ here.\n"
            + "[formula] E = mc^2 [/formula]\n"
            + "[fig] Figure 1: Opioid prescribing trends over time. More details follow. [/fig]\n"
        );
    });

    it("skips records without text", () => {
        expect(parseS2orcRecord({ corpusid: 1, content: { text: "", annotations: {} } }, undefined)).toBeNull();
    });
});
