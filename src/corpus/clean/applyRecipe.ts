import { applyRegexRules, compileRule } from "./regexRules.js";
import type { CleaningRecipe, RecipeStep } from "./RecipeStep.js";
import { lettersOnly, pyStrip, sharedClean } from "./sharedClean.js";
import { truncate } from "./truncate.js";

/** Result of a recipe: the cleaned text, or `null` when a step rejected the document. */
export type RecipeResult = { readonly text: string } | null;

const mapLines = (text: string, fn: (line: string) => string | null): string => {
    const out: string[] = [];
    for (const line of text.split("\n")) {
        const mapped = fn(line);
        if (mapped !== null) out.push(mapped);
    }
    return out.join("\n");
};

/** Python's `str.split()` word count. */
const wordCount = (line: string): number => {
    const stripped = pyStrip(line);
    return stripped === "" ? 0 : stripped.split(/\s+/u).length;
};

function applyStep(text: string, title: string, step: RecipeStep): string | null {
    switch (step.op) {
        case "rejectIfContains":
            return text.includes(step.text) ? null : text;
        case "truncate":
            return truncate(text, step);
        case "replace":
            return applyRegexRules(text, step.rules);
        case "replaceInLines":
            return mapLines(text, (line) => {
                let out = line;
                for (const rule of step.rules) out = out.replace(compileRule({ pattern: rule.pattern, flags: rule.flags }), rule.replacement);
                return out;
            });
        case "dropShortLines":
            return mapLines(text, (line) => (wordCount(line) < step.words ? null : line));
        case "dropLinesContaining":
            return mapLines(text, (line) => (step.any.some((s) => line.includes(s)) ? null : line));
        case "stripLines":
            return mapLines(text, (line) => pyStrip(line));
        case "capsLinesToHeaders":
            return mapLines(text, (line) => {
                const an = line.replace(/[^a-zA-Z0-9]/g, "");
                // Python isupper(): at least one cased character and no lowercase ones.
                const isUpper = /[A-Z]/.test(an) && !/[a-z]/.test(an);
                return isUpper && an.length > 2 ? `\n# ${line}` : line;
            });
        case "titleCaseCapsHeaders":
            return mapLines(text, (line) => {
                const an = lettersOnly(line.toLowerCase()).replace(/ /g, "");
                if (!line.startsWith("#") || an === "" || line.replace(/[^a-zA-Z]/g, "") !== line.replace(/[^a-zA-Z]/g, "").toUpperCase()) return line;
                return line.split(" ").map((w) => (w.length === 0 ? w : w[0]!.toUpperCase() + w.slice(1).toLowerCase())).join(" ");
            });
        case "dropBlockUntilHeader": {
            let inBlock = false;
            return mapLines(text, (line) => {
                if (line.startsWith(step.startsWith)) {
                    inBlock = true;
                    return null;
                }
                if (line.startsWith("#")) inBlock = false;
                return inBlock ? null : line;
            });
        }
        case "sharedClean":
            return sharedClean(text);
        case "rejectIfFewerLines":
            return text.split("\n").length < step.lines ? null : text;
        case "rejectIfFewLongLines":
            return text.split("\n").filter((line) => line.split(" ").length > step.words).length < step.lines ? null : text;
        case "prependTitle":
            return title === "" ? text : `${title}\n\n${text}`;
    }
}

/** Runs a cleaning recipe's steps in order; `null` when the document is rejected. */
export function applyRecipe(recipe: CleaningRecipe, text: string, title = ""): RecipeResult {
    let out: string | null = text;
    for (const step of recipe.steps) {
        out = applyStep(out, title, step);
        if (out === null) return null;
    }
    return { text: out };
}
