import { applyRegexRules } from "./regexRules.js";
import { COLLAPSE_NEWLINES, MAX_SECTION_HASHES, NORMALIZE_LISTS, REMOVE_REFERENCES, REMOVE_URLS, REMOVE_WEIRD_CHARS } from "./sharedRules.js";

/** Python's `str.strip()` (Unicode whitespace). */
export function pyStrip(s: string): string {
    return s.replace(/^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/gu, "");
}

/** `re.sub(r'[^a-zA-Z ]', '', line).strip()`: the "letters only" form MediTron uses to spot empty lines. */
export function lettersOnly(line: string): string {
    return pyStrip(line.replace(/[^a-zA-Z ]/g, ""));
}

export function removeUrls(text: string): string {
    return applyRegexRules(text, REMOVE_URLS);
}

export function removeReferences(text: string): string {
    return applyRegexRules(text, REMOVE_REFERENCES);
}

/** `normalize_sections`: shallowest header becomes `#`, deeper ones are capped at `###`. */
export function normalizeSections(text: string, maxHashes = MAX_SECTION_HASHES): string {
    if (!text.includes("\n#")) return text;
    let minHashes = Infinity;
    for (const m of text.matchAll(/\n#+/g)) minHashes = Math.min(minHashes, m[0].length - 1);
    let out = text.split(`\n${"#".repeat(minHashes)}`).join("\n#");
    out = out.replace(new RegExp(`\\n#{${maxHashes},}`, "g"), `\n${"#".repeat(maxHashes)}`);
    return out;
}

/** `normalize_newlines`: drop lines without letters, collapse blank lines, blank line before headers. */
export function normalizeNewlines(text: string): string {
    let kept = "";
    for (const line of text.split("\n")) {
        if (lettersOnly(line) === "") continue;
        kept += `${line}\n`;
    }
    return applyRegexRules(kept, COLLAPSE_NEWLINES);
}

/** MediTron's common `clean(text)` applied to every guideline source, in its exact order. */
export function sharedClean(text: string): string {
    let out = removeUrls(text);
    out = removeReferences(out);
    out = applyRegexRules(out, NORMALIZE_LISTS);
    out = applyRegexRules(out, REMOVE_WEIRD_CHARS);
    out = normalizeSections(out);
    out = normalizeNewlines(out);
    return pyStrip(out);
}
