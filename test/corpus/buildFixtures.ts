import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { corpusFile } from "./corpusTestData.js";

/** Real English guideline paragraphs: the payload lines of the CDC opioid guideline extraction. */
export function cdcParagraphs(): string[] {
    const lines = readFileSync(corpusFile("guidelines", "rec01-05-body-extraction.txt"), "utf8").split("\n");
    return lines.filter((l, i) => i > 0 && lines[i - 1]!.startsWith("[S") && l.length > 200);
}

const FRENCH = "Les recommandations de cette ligne directrice s'adressent aux cliniciens qui prescrivent des opioïdes pour la douleur aiguë, subaiguë ou chronique chez les patients adultes en consultation externe. Elles ne s'appliquent pas aux soins palliatifs ni aux traitements du cancer. Le médecin doit discuter avec le patient des bénéfices réalistes et des risques connus du traitement avant de commencer.";

export interface BuildFixture {
    readonly dir: string;
    readonly configPath: string;
    /** How many of each planted problem the build must report. */
    readonly planted: { exactDuplicates: number; nearDuplicates: number; notEnglish: number; tooShort: number; badJsonLines: number };
}

/**
 * A small corpus in `dir` with every source type: generated guidelines JSONL (with planted duplicates, a
 * near duplicate, a French record, a too-short record, a bad JSON line), a guidelines folder and PMC/S2ORC/
 * PubMed/replay files from ../shared/data/corpus, plus generated PubMed records (an abstract whose PMID has
 * full text, a repeated PMID, an invalid article, a corrupt gzip member) and an invalid JATS file.
 */
export function writeBuildFixture(dir: string, extraConfig = ""): BuildFixture {
    mkdirSync(dir, { recursive: true });
    const paragraphs = cdcParagraphs();
    const lines: string[] = [];
    for (let i = 0; i + 3 < paragraphs.length && lines.length < 60; i += 4) {
        lines.push(JSON.stringify({ id: `g${i}`, source: "cdc", title: `CDC part ${i}`, clean_text: paragraphs.slice(i, i + 4).join("\n"), raw_text: "", url: "", overview: "" }));
    }
    const original = JSON.parse(lines[0]!) as { clean_text: string };
    // Exact duplicate: same first 500 characters up to case and punctuation.
    lines.push(JSON.stringify({ id: "dup", source: "cdc", title: "dup", clean_text: original.clean_text.toUpperCase().replace(/,/g, ";") }));
    // Near duplicate: one word added in front (different exact key), the rest identical.
    const near = `Overall, ${original.clean_text}`;
    lines.push(JSON.stringify({ id: "near", source: "cdc", title: "near", clean_text: near }));
    lines.push(JSON.stringify({ id: "fr", source: "cdc", title: "fr", clean_text: FRENCH }));
    lines.push(JSON.stringify({ id: "short", source: "cdc", title: "short", clean_text: "Too short." }));
    lines.push("{\"id\": \"broken\", \"clean_text\": ");
    writeFileSync(path.join(dir, "guidelines.jsonl"), `${lines.join("\n")}\n`);

    // PMC: the real articles plus one invalid file.
    mkdirSync(path.join(dir, "pmc"), { recursive: true });
    for (const f of ["1471-2180-11-174.nxml", "pone.0000217.nxml", "cc11003.nxml", "ehp-116-1694.nxml"]) copyFileSync(corpusFile("pmc", f), path.join(dir, "pmc", f));
    writeFileSync(path.join(dir, "pmc", "zz-invalid.nxml"), "<article><front><article-meta></front></article>");

    // PubMed: generated records in a gzip file with a corrupt member in the middle.
    const article = (pmid: string, title: string, abstract: string): string =>
        `<PubmedArticle><MedlineCitation Status="MEDLINE"><PMID Version="1">${pmid}</PMID><Article><ArticleTitle>${title}</ArticleTitle><Abstract><AbstractText>${abstract}</AbstractText></Abstract></Article></MedlineCitation></PubmedArticle>\n`;
    const good1 = gzipSync(`<?xml version="1.0"?>\n<PubmedArticleSet>\n${article("21810267", "Lysis time stochasticity", paragraphs[40]!)}${article("900001", "Opioid tapering outcomes", paragraphs[41]!)}`);
    const corrupt = Buffer.from(gzipSync(article("900002", "Lost record", paragraphs[42]!).repeat(20)));
    for (let i = 12; i < corrupt.length - 12; i++) corrupt[i] = (i * 31) & 0xff;
    const good2 = gzipSync(`${article("900001", "Same PMID again", paragraphs[43]!)}<PubmedArticle><MedlineCitation><PMID>900003</PMID><Article></MedlineCitation></PubmedArticle>\n${article("900004", "Naloxone co-prescribing", paragraphs[44]!)}</PubmedArticleSet>\n`);
    writeFileSync(path.join(dir, "pubmed-generated.xml.gz"), Buffer.concat([good1, corrupt, good2]));

    const config = `
seed: 7
sources:
  - name: guidelines
    type: guidelines-jsonl
    path: guidelines.jsonl
    filters: {minChars: 100}
  - name: cdc-folder
    type: guidelines-folder
    paths: [${corpusFile("guidelines", "box3-extraction.txt")}, ${corpusFile("guidelines", "front-matter-extraction.txt")}]
    recipe: cdc
  - name: pmc
    type: pmc-jats
    path: pmc
  - name: s2orc
    type: s2orc-json
    paths: [${corpusFile("s2orc", "pdf_parse_18980463.json")}, ${corpusFile("s2orc", "pdf_parse_94551546.json")}]
    metadata: ${corpusFile("s2orc", "metadata_sample.jsonl")}
  - name: pubmed
    type: pubmed-xml
    paths: [pubmed-generated.xml.gz, ${corpusFile("pubmed", "pubmed26n1334.xml.gz")}, ${corpusFile("pubmed", "test_current_medline.xml.gz")}]
  - name: replay
    type: replay-jsonl
    paths: [${corpusFile("replay", "c4-sample.00000-of-00001.json.gz")}, ${corpusFile("replay", "cc_en_head-0091.jsonl.gz")}]
workers: 2
output:
  dir: out
${extraConfig}`;
    const configPath = path.join(dir, "corpus.yaml");
    writeFileSync(configPath, config);
    return { dir, configPath, planted: { exactDuplicates: 1, nearDuplicates: 1, notEnglish: 1, tooShort: 1, badJsonLines: 1 } };
}
