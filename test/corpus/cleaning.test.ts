import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyRecipe } from "../../src/corpus/clean/applyRecipe.js";
import { RECIPES } from "../../src/corpus/clean/recipes.js";
import { normalizeNewlines, normalizeSections, removeReferences, removeUrls, sharedClean } from "../../src/corpus/clean/sharedClean.js";
import { applyRegexRules } from "../../src/corpus/clean/regexRules.js";
import { NORMALIZE_LISTS, REMOVE_WEIRD_CHARS } from "../../src/corpus/clean/sharedRules.js";
import { truncate } from "../../src/corpus/clean/truncate.js";
import { dedupKey } from "../../src/corpus/dedup/dedupKey.js";
import { corpusFile } from "./corpusTestData.js";

// Real text: the CDC 2022 opioid guideline extraction (public domain) in ../shared/data/corpus/guidelines.
const box3 = readFileSync(corpusFile("guidelines", "box3-extraction.txt"), "utf8");
const frontMatter = readFileSync(corpusFile("guidelines", "front-matter-extraction.txt"), "utf8");

describe("MediTron's shared clean() rules", () => {
    it("remove_urls drops the URL of a real header line and keeps the label", () => {
        const line = box3.split("\n").find((l) => l.startsWith("Cross-manifestation evidence:"))!;
        expect(line).toContain("https://www.cdc.gov/mmwr/volumes/71/rr/rr7103a1.htm");
        expect(removeUrls(line)).toBe("Cross-manifestation evidence: ");
    });

    it("remove_urls follows Python's Unicode \\w and stops at a word boundary", () => {
        expect(removeUrls("see http://exämple.org/päth?x=1&y=2. Next")).toBe("see . Next");
        expect(removeUrls("(https://a.b/c)")).toBe("()");
    });

    it("remove_references removes the real locator lines and markdown links, HTML tags and [n] citations", () => {
        const locator = frontMatter.split("\n").find((l) => l.startsWith("[S3-01"))!;
        expect(removeReferences(locator)).toBe("");
        expect(removeReferences("Take <b>two</b> tablets [see](http://x.org) daily [12].")).toBe("Take two tablets  daily .");
    });

    it("normalize_lists keeps MediTron's quirks (a line starting with 'o' loses it)", () => {
        expect(applyRegexRules("a\n* item\n• dot\n\uF0B7 pua\n+ plus\nopioids", NORMALIZE_LISTS)).toBe("a\n- item\n- dot\n- pua\n- plus\n-pioids");
    });

    it("remove_weird_chars deletes bullets, boxes, bold markers and replacement characters", () => {
        expect(applyRegexRules("◆ a ▪ b ■ c □ d **bold** e\uFFFD\n> quote", REMOVE_WEIRD_CHARS)).toBe(" a  b  c  d bold e\n quote");
    });

    it("normalize_sections shifts the shallowest header to # and caps at ###", () => {
        expect(normalizeSections("x\n## A\n### B\n##### C")).toBe("x\n# A\n## B\n### C");
        expect(normalizeSections("no headers")).toBe("no headers");
    });

    it("normalize_newlines drops letter-less lines and puts a blank line before headers", () => {
        expect(normalizeNewlines("Title\n\n123 456\n# Head\ntext\n\n\nmore")).toBe("Title\n\n# Head\ntext\nmore\n");
    });

    it("clean() on a real Box 3 extraction keeps the recommendations and drops locators and URLs", () => {
        const cleaned = sharedClean(box3);
        expect(cleaned).not.toContain("https://");
        expect(cleaned).toContain("Nonopioid therapies are at least as effective as opioids");
        // "[630335, 638736)" has no closing bracket: remove_references leaves it.
        expect(cleaned).toContain("HTML Box 3 decoded character range: [630335, 638736)");
        const cleanedFront = sharedClean(frontMatter);
        expect(cleanedFront).not.toMatch(/\[S\d+-\d+ \|/);
    });
});

describe("truncate (starters, removers, stoppers)", () => {
    const text = "Menu\n## Key Recommendations\nUse A.\nClick here to share\n---\nUse B.\n12345\n### References\n1. Smith";
    it("starts at the first starter line, skips removers and letter-less lines, stops at a stopper", () => {
        expect(truncate(text, { starters: ["key recommendations"], removers: ["click here", "---"], stoppers: ["references"] })).toBe("## Key Recommendations\nUse A.\nUse B.");
    });
    it("matches the letters-only form (CDC's 'acknowledg' stopper on an ALL-CAPS header)", () => {
        expect(truncate("Body text.\n# ACKNOWLEDGMENTS\nThanks", { stoppers: ["acknowledg"] })).toBe("Body text.");
    });
});

describe("per-source recipes are data and reproduce clean.py", () => {
    it("CPS rejects documents with fewer than 3 lines after cleaning", () => {
        expect(applyRecipe(RECIPES.cps!, "### Abstract\nOne short line here.\nAnother line of words.")).toBeNull();
        const ok = applyRecipe(RECIPES.cps!, "Intro\n### Abstract\nFirst line of words.\nSecond line of words.\nThird line of words.\nAcknowledgements\nThanks to all");
        // The "### Abstract" starter line itself has 2 words, so clean.py's 3-word rule drops it too.
        expect(ok?.text).toBe("First line of words.\nSecond line of words.\nThird line of words.");
    });

    it("IDSA rejects guidelines still in development", () => {
        expect(applyRecipe(RECIPES.idsa!, "This new guideline is currently in development", "T")).toBeNull();
    });

    it("GuidelineCentral turns ALL-CAPS lines into headers and needs 3 long lines", () => {
        const long = "This recommendation line has more than ten words in it for sure.";
        const out = applyRecipe(RECIPES.gc!, `Header\nDocument Objectives\nDIAGNOSIS\n${long}\n${long}\n${long}\nDisclaimer\nignored`);
        expect(out?.text).toBe(`Document Objectives\n\n# DIAGNOSIS\n${long}\n${long}\n${long}`);
        expect(applyRecipe(RECIPES.gc!, "Document Objectives\nshort")).toBeNull();
    });

    it("WikiDoc drops editor lines, the disclaimer block up to the next header, and stops at external links", () => {
        const long = "Aspirin is recommended for secondary prevention in most adults with coronary disease.";
        const raw = `Editor-In-Chief: C. Michael Gibson\n# Overview\n${long}\n${long}\nAny recommendations found on these pages are for info\ndisclaimer text\n# Treatment\n${long}\n# External Links\nsomething`;
        expect(applyRecipe(RECIPES.wikidoc!, raw)?.text).toBe(`# Overview\n${long}\n${long}\n\n# Treatment\n${long}`);
    });

    it("drugs.com removes parentheses, brackets and table rows", () => {
        const out = applyRecipe(RECIPES.drugs!, "Usual Adult Dose (oral):\n| table | row |\n[Medical Disclaimer]\nTake 5 mg [daily] -- as needed");
        expect(out?.text).toBe("Usual Adult Dose :\nTake 5 mg daily  as needed");
    });

    it("CDC title-cases ALL-CAPS headers, turns 'q ' bullets into '- ' and stops at acknowledgments", () => {
        const out = applyRecipe(RECIPES.cdc!, "# CLINICAL RECOMMENDATIONS\nq Offer naloxone when risk is high\nBody line.\n# Acknowledgments\nThanks");
        expect(out?.text).toBe("# Clinical Recommendations\n- Offer naloxone when risk is high\nBody line.");
    });

    it("abstracts get remove_urls + remove_references only", () => {
        expect(applyRecipe(RECIPES.abstracts!, "Title\nSee https://x.org/a [1] <i>now</i>.")?.text).toBe("Title\nSee   now.");
    });
});

describe("MediTron's exact dedup key", () => {
    it("takes 500 characters first, then lower-cases and keeps [a-z0-9]", () => {
        expect(dedupKey("Hello, World! 42")).toBe("helloworld42");
        const long = `${"é".repeat(499)}AB`;
        expect(dedupKey(long)).toBe("a");
    });
});
