import type { RegexRule } from "./regexRules.js";

/**
 * One step of a per-source cleaning recipe. Recipes are plain data (see recipes.ts), interpreted by
 * applyRecipe; adding a source means adding data, not code.
 */
export type RecipeStep =
    /** Drop the whole document when its text contains `text`. */
    | { readonly op: "rejectIfContains"; readonly text: string }
    /** MediTron's `truncate` with starters / removers / stoppers. */
    | { readonly op: "truncate"; readonly starters?: readonly string[]; readonly removers?: readonly string[]; readonly stoppers?: readonly string[] }
    /** Regex substitutions (Python `re.sub` order). */
    | { readonly op: "replace"; readonly rules: readonly RegexRule[] }
    /** Per-line regex substitutions, applied to each line (like `re.sub(r'^o ', ...)` in a line loop). */
    | { readonly op: "replaceInLines"; readonly rules: readonly RegexRule[] }
    /** Drop lines with fewer than `words` whitespace-separated words (`len(line.strip().split()) < n`). */
    | { readonly op: "dropShortLines"; readonly words: number }
    /** Drop lines containing any of the strings. */
    | { readonly op: "dropLinesContaining"; readonly any: readonly string[] }
    /** Strip every line (`line.strip()`). */
    | { readonly op: "stripLines" }
    /** Lines whose letters+digits are all upper case (length > 2) become `# ` headers (GuidelineCentral). */
    | { readonly op: "capsLinesToHeaders" }
    /** `#` lines in ALL CAPS become Title Case (CDC). */
    | { readonly op: "titleCaseCapsHeaders" }
    /** Skip from a line starting with `startsWith` until the next `#` header (WikiDoc disclaimer). */
    | { readonly op: "dropBlockUntilHeader"; readonly startsWith: string }
    /** MediTron's common `clean()`. */
    | { readonly op: "sharedClean" }
    /** Drop the document with fewer than `lines` lines. */
    | { readonly op: "rejectIfFewerLines"; readonly lines: number }
    /** Drop the document with fewer than `lines` lines of more than `words` space-separated words. */
    | { readonly op: "rejectIfFewLongLines"; readonly lines: number; readonly words: number }
    /** Prepend `title + "\n\n"`. */
    | { readonly op: "prependTitle" };

export interface CleaningRecipe {
    readonly description: string;
    readonly steps: readonly RecipeStep[];
}
