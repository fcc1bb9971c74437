import type { SourceKind } from "../types.js";
import type { CleaningRecipe } from "./RecipeStep.js";
import { REMOVE_REFERENCES, REMOVE_URLS } from "./sharedRules.js";

/*
 * Per-source cleaning recipes, transcribed from MediTron's `gap-replay/guidelines/clean.py` (process_<source>)
 * and `gap-replay/pubmed/process.py` (abstracts). Data only: starters, removers, stoppers, substitutions and
 * rejection thresholds. Steps of clean.py that are pure scraper-layout repairs for sources not
 * redistributable (MAGIC's digit/title/digit header triples, NICE's section dictionary, CMA's table blocks)
 * are not reproduced; those sources fall back to the steps listed.
 */
export const RECIPES: Readonly<Record<string, CleaningRecipe>> = {
    none: { description: "no cleaning (text used as is)", steps: [] },
    shared: { description: "MediTron's common guideline clean() only", steps: [{ op: "sharedClean" }] },
    aafp: {
        description: "AAFP (process_aafp)",
        steps: [
            { op: "truncate", starters: ["key recommendations", "clinical preventive service recommendation", "recommendation"],
                removers: ["===", "---", "**[", "[", "http"],
                stoppers: ["references", "related content", "more about choosing wisely", "more about practice guidelines", "*keyboard\\_tab*", "sources",
                    "*these recommendations are provided only", "*these guidelines are provided only"] },
            { op: "dropLinesContaining", any: ["|", "http"] },
            { op: "prependTitle" },
            { op: "sharedClean" }
        ]
    },
    cco: {
        description: "Cancer Care Ontario (process_cco)",
        steps: [
            { op: "truncate", starters: ["QUESTIONS", "INTRODUCTION", "INTENDED PURPOSE", "GUIDELINE OBJECTIVES"],
                removers: ["These guidelines recommendations have been endorsed", "This report is copyrighted by", "An assessment conducted in ",
                    "Care has been taken in the preparation ", "This is a quick reference guide"] },
            { op: "replaceInLines", rules: [{ pattern: "^\\s*•\\s*", replacement: "- " }] },
            { op: "dropShortLines", words: 3 },
            { op: "replaceInLines", rules: [{ pattern: "^o ", replacement: "- " }] },
            { op: "sharedClean" }
        ]
    },
    cdc: {
        description: "CDC (process_cdc)",
        steps: [
            { op: "replaceInLines", rules: [{ pattern: "^q ", replacement: "- " }] },
            { op: "truncate", stoppers: ["acknowledg"] },
            { op: "titleCaseCapsHeaders" },
            { op: "stripLines" },
            { op: "sharedClean" },
            { op: "replace", rules: [{ pattern: "\\n# -", replacement: "\n#" }] }
        ]
    },
    cps: {
        description: "Canadian Paediatric Society (process_cps)",
        steps: [
            { op: "truncate", starters: ["### Abstract"], removers: ["|", "Figure", "The Canadian Paediatric Society gives permission", "Keywords:", "Key words:"],
                stoppers: ["Acknowledgements", "Selected resources", "Current:  About CPS position"] },
            { op: "dropShortLines", words: 3 },
            { op: "dropLinesContaining", any: ["|", "Figure", "The Canadian Paediatric Society gives permission", "Keywords:", "Key words:"] },
            { op: "stripLines" },
            { op: "sharedClean" },
            { op: "rejectIfFewerLines", lines: 3 }
        ]
    },
    drugs: {
        description: "Drugs.com (process_drugs)",
        steps: [
            { op: "dropLinesContaining", any: ["|"] },
            { op: "truncate", removers: ["[Medical", "===", "---", "###", "* [", "[", "Always consult your healthcare provider", "Frequently asked", "More about", "Further information"] },
            { op: "replace", rules: [{ pattern: "\\*", replacement: "-" }, { pattern: "\\[|\\]", replacement: "" }, { pattern: "\\([^\\)]+\\)", replacement: "" }] },
            { op: "stripLines" },
            { op: "replace", rules: [{ pattern: "--", replacement: "" }] },
            { op: "sharedClean" }
        ]
    },
    gc: {
        description: "GuidelineCentral (process_gc)",
        steps: [
            { op: "replace", rules: [{ pattern: "\\[\"", replacement: "" }, { pattern: "\"\\]", replacement: "" }] },
            { op: "truncate", starters: ["Document Objectives"], removers: ["Publication Date", "(c)", "www", "http"], stoppers: ["Disclaimer", "Recommendation Grading", "Source Citation"] },
            { op: "stripLines" },
            { op: "capsLinesToHeaders" },
            { op: "sharedClean" },
            { op: "rejectIfFewLongLines", lines: 3, words: 10 }
        ]
    },
    icrc: {
        description: "ICRC (process_icrc)",
        steps: [
            { op: "truncate", stoppers: ["acknowledgements", "acknowledgments", "contacts"] },
            { op: "replaceInLines", rules: [{ pattern: "^\\d+([a-zA-Z]+)", replacement: "- $1" }] },
            { op: "sharedClean" }
        ]
    },
    idsa: {
        description: "IDSA (process_idsa)",
        steps: [
            { op: "rejectIfContains", text: "This new guideline is currently in development" },
            { op: "truncate", starters: ["introduction", "abstract"], removers: ["---", "===", "published", "[!", "appropriate use criteria"],
                stoppers: ["references", "for more information", "to view the full version", "disclaimer", "supplementary", "acknowledgments", "notes", "to access a more user"] },
            { op: "replaceInLines", rules: [{ pattern: "^#*\\s*\\d+\\.\\s*", replacement: "- " }] },
            { op: "prependTitle" },
            { op: "replace", rules: [{ pattern: " ,", replacement: "" }, { pattern: " \\.", replacement: "." }, { pattern: "\\*", replacement: "" }, { pattern: " \\)", replacement: "" }, { pattern: "-\\. ", replacement: "- " }] },
            { op: "sharedClean" },
            { op: "rejectIfFewerLines", lines: 5 }
        ]
    },
    mayo: {
        description: "MayoClinic (process_mayo)",
        steps: [{ op: "sharedClean" }, { op: "dropLinesContaining", any: ["MayoClinic"] }]
    },
    rch: { description: "Royal Children's Hospital (process_rch: no cleaning)", steps: [] },
    spor: {
        description: "SPOR (process_spor)",
        steps: [
            { op: "truncate", stoppers: ["CONFLICT OF INTEREST"] },
            { op: "replace", rules: [{ pattern: "\\|", replacement: "" }, { pattern: "---", replacement: "\n" }] },
            { op: "dropShortLines", words: 3 },
            { op: "stripLines" },
            { op: "sharedClean" }
        ]
    },
    who: {
        description: "WHO (process_who)",
        steps: [
            { op: "truncate", starters: ["Introduction "], removers: ["|", "Under the terms of this licence"], stoppers: ["Acknowl"] },
            { op: "dropShortLines", words: 3 },
            { op: "replaceInLines", rules: [{ pattern: "• ", replacement: "- " }] },
            { op: "stripLines" },
            { op: "replace", rules: [{ pattern: "\\uF0B7", replacement: "" }] },
            { op: "sharedClean" }
        ]
    },
    wikidoc: {
        description: "WikiDoc (process_wikidoc)",
        steps: [
            { op: "truncate", removers: ["Editor", "Associate Editor", "Media:", "Click here", "For patient information click here", "How to edit trial information", "Template:", "To go back to the main page"],
                stoppers: ["external links"] },
            { op: "dropBlockUntilHeader", startsWith: "Any recommendations found on these pages" },
            { op: "replace", rules: [{ pattern: "Redirect to.*", replacement: "" }] },
            { op: "sharedClean" },
            { op: "rejectIfFewLongLines", lines: 3, words: 10 }
        ]
    },
    abstracts: {
        description: "PubMed abstracts (process_abstracts: remove_urls + remove_references)",
        steps: [{ op: "replace", rules: [...REMOVE_URLS, ...REMOVE_REFERENCES] }]
    },
    papers: { description: "full text: markup built by the parser, whitespace normalised there", steps: [] },
    replay: { description: "replay: text used as is", steps: [] }
};

export function hasRecipe(name: string): boolean {
    return Object.hasOwn(RECIPES, name);
}

/** Recipe used when a source names none. Guidelines default to the shared clean(). */
export function defaultRecipeFor(kind: SourceKind): string {
    return kind === "guidelines" ? "shared" : kind;
}
