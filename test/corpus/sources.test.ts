import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parsePubmedArticle } from "../../src/corpus/sources/parsePubmedArticle.js";
import { parseJatsArticle } from "../../src/corpus/sources/parseJatsArticle.js";
import { parseS2orcRecord, s2orcMetadataFromRow } from "../../src/corpus/sources/parseS2orcRecord.js";
import { parseGuidelineRecord, parseReplayRecord } from "../../src/corpus/sources/parseJsonRecords.js";
import { readFolderDocument } from "../../src/corpus/sources/readFolderDocument.js";
import { summarizeCaption, isMainSectionHeader } from "../../src/corpus/sources/ArticleBuilder.js";
import { corpusFile } from "./corpusTestData.js";

describe("PubMed baseline XML (real sample)", () => {
    const xml = gunzipSync(readFileSync(corpusFile("pubmed", "pubmed26n1334.xml.gz"))).toString("utf8");
    const articles = [...xml.matchAll(/<PubmedArticle>[\s\S]*?<\/PubmedArticle>/g)].map((m) => m[0]);

    it("turns a structured abstract into title + labelled sections", () => {
        const doc = parsePubmedArticle(articles[0]!)!;
        expect(doc.pmid).toBe("41576520");
        expect(doc.id).toBe("pmid:41576520");
        expect(doc.text.startsWith("The Relationship of Serum Uric Acid With Neurocognitive Functions in Children and Adolescents With Mild to Moderate Chronic Kidney Disease.\nBACKGROUND: Pediatric chronic kidney disease")).toBe(true);
        expect(doc.text).toContain("\nCONCLUSIONS: In one of the first studies");
    });

    it("skips citations without abstract (27 of 30 have one)", () => {
        const docs = articles.map(parsePubmedArticle);
        expect(articles).toHaveLength(30);
        expect(docs.filter((d) => d !== null)).toHaveLength(27);
    });

    it("rejects a malformed article with a position", () => {
        expect(() => parsePubmedArticle("<PubmedArticle><MedlineCitation><PMID>1</PMID></Medline></PubmedArticle>")).toThrow(/invalid XML at line 1/);
    });
});

describe("PMC OA JATS (real samples)", () => {
    it("renders sections, citations, figure references, captions in MediTron's markup", () => {
        const doc = parseJatsArticle(readFileSync(corpusFile("pmc", "1471-2180-11-174.nxml"), "utf8"))!;
        expect(doc.pmcid).toBe("3166277");
        expect(doc.pmid).toBe("21810267");
        expect(doc.text.startsWith("Factors influencing lysis time stochasticity in bacteriophage λ\n\n# Background\n")).toBe(true);
        expect(doc.text).toContain("genotypes [bib_ref] Microbial cell individuality and the underlying sources of heterogeneity, Avery [/bib_ref]");
        expect(doc.text).toMatch(/\[fig_ref\] Figure 1: Schematic presentation of two models of holin hole formation \[\/fig_ref\]/);
        expect(doc.text).toMatch(/\n\[fig\] Figure 1: Schematic presentation[^\n]* \[\/fig\]\n/);
        expect(doc.text).toMatch(/\n\[table\] Table 1: Effects of holin allelic sequences[^\n]* \[\/table\]/);
        // Reference list itself is not kept (KEEP_BIBLIOGRAPHY = False).
        expect(doc.text).not.toContain("[bib]");
    });

    it("handles an abstract-less meeting abstract and a JATS 1.2 review with MathML", () => {
        const meeting = parseJatsArticle(readFileSync(corpusFile("pmc", "cc11003.nxml"), "utf8"))!;
        expect(meeting.pmcid).toBe("3363814");
        expect(meeting.text.length).toBeGreaterThan(1000);
        const review = parseJatsArticle(readFileSync(corpusFile("pmc", "PMC7417471.nxml"), "utf8"))!;
        expect(review.text).toContain("[bib_ref] A review on graphene-based nanocomposites for electrochemical and fluorescent biosensors, Krishnan [/bib_ref]");
    });

    it("throws on invalid XML", () => {
        expect(() => parseJatsArticle("<article><front></article>")).toThrow(/invalid XML/);
    });
});

describe("S2ORC pdf_parses (real samples)", () => {
    const meta = new Map(readFileSync(corpusFile("s2orc", "metadata_sample.jsonl"), "utf8").trim().split("\n").map((l) => {
        const row = s2orcMetadataFromRow(JSON.parse(l) as Record<string, unknown>)!;
        return [row.paperId, row.metadata] as const;
    }));
    it("joins metadata (title, PubMed and PMC ids) and formats citations with the paren-widening rule", () => {
        const record = JSON.parse(readFileSync(corpusFile("s2orc", "pdf_parse_18980463.json"), "utf8")) as Record<string, unknown>;
        const doc = parseS2orcRecord(record, meta.get("18980463"))!;
        expect(doc.pmid).toBe("17785526");
        expect(doc.pmcid).toBe("1950857");
        expect(doc.text.startsWith("Adult and larval photoreceptors use different mechanisms to specify the same Rhodopsin fates\n\n")).toBe(true);
        // "(Wernet and Desplan 2004; Mikeladze-Dvali et al. 2005a )" -> two bib_refs, parentheses swallowed.
        expect(doc.text).toContain("are specified [bib_ref] Building a retinal mosaic: Cell-fate decision in the fly eye, Wernet [/bib_ref] [bib_ref] Flipping coins in the fly retina, Mikeladze-Dvali [/bib_ref].");
        expect(doc.text).toContain("[fig_ref] Figure 1: Development of BO and rhodopsin expression [/fig_ref]");
        expect(doc.text).toMatch(/\n\[fig\] Figure 1: Development of BO and rhodopsin expression\. \(A\)/);
    });

    it("summarises captions and recognises main section headers as MediTron does", () => {
        expect(summarizeCaption("Development of BO and rhodopsin expression. (A) Lateral view")).toBe("Development of BO and rhodopsin expression");
        expect(summarizeCaption("Short caption.")).toBe("Short caption.");
        expect(isMainSectionHeader("Materials and methods")).toBe(true);
        expect(isMainSectionHeader("Larval photoreceptor subtypes")).toBe(false);
    });
});

describe("guidelines, replay and folder documents", () => {
    it("reads the epfl-llm/guidelines schema (clean_text used as is, raw_text cleaned)", () => {
        const record = { id: "a1b2", source: "cdc", title: "Opioids", clean_text: "Cleaned.", raw_text: "Raw [1].", url: "https://x", overview: "" };
        expect(parseGuidelineRecord(record, "clean_text", "f")).toEqual({ id: "guideline:a1b2", title: "Opioids", text: "Cleaned.", preCleaned: true });
        expect(parseGuidelineRecord(record, "raw_text", "f").preCleaned).toBe(false);
        expect(() => parseGuidelineRecord({ title: "x" }, "clean_text", "f")).toThrow(/clean_text/);
        expect(parseReplayRecord({ text: "web", url: "u" }, "text", "r:1").text).toBe("web");
        expect(parseReplayRecord({ content: "refinedweb" }, "text", "r:2").text).toBe("refinedweb");
    });

    it("converts HTML to Markdown and reads Markdown and text files", async () => {
        const dir = mkdtempSync(path.join(tmpdir(), "corpus-folder-"));
        writeFileSync(path.join(dir, "g.html"), "<html><head><title>Sepsis guideline</title><style>x{}</style></head><body><h1>Sepsis</h1><p>Give <b>antibiotics</b> within 1&nbsp;hour.</p><ul><li>Fluids</li><li>Cultures</li></ul></body></html>");
        writeFileSync(path.join(dir, "g.md"), "# Asthma\n\nUse inhaled steroids.");
        const html = await readFolderDocument(path.join(dir, "g.html"), "x");
        expect(html.title).toBe("Sepsis guideline");
        expect(html.text).toBe("# Sepsis\n\nGive **antibiotics** within 1 hour.\n\n* Fluids\n* Cultures");
        const md = await readFolderDocument(path.join(dir, "g.md"), "y");
        expect(md).toMatchObject({ title: "Asthma", text: "# Asthma\n\nUse inhaled steroids." });
    });

    it("extracts the text of the real CDC guideline PDF with unpdf", async () => {
        const doc = await readFolderDocument(corpusFile("guidelines", "rr7103a1-H.pdf"), "cdc");
        expect(doc.text).toMatch(/Nonopioid\s+therapies\s+are\s+at\s+least\s+as\s+effective\s+as\s+opioids/);
        expect(doc.text.length).toBeGreaterThan(300_000);
    }, 120_000);
});
