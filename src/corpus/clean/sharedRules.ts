import type { RegexRule } from "./regexRules.js";

/*
 * MediTron's common guideline cleaning (`gap-replay/guidelines/clean.py`), as data. Each list is one of
 * clean.py's helper functions, in its order. Python's Unicode-aware `\w` and `\b` are spelled out with
 * Unicode property classes so non-ASCII letters behave as in CPython. Known upstream quirks are kept on
 * purpose (we reproduce MediTron's corpus): `\no` -> `\n-` also eats a lowercase "o" starting any line.
 */

const WORD = "[\\p{L}\\p{N}_]";
const WORD_BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;

/** `remove_urls`: `(https|http)?:\/\/(\w|\.|\/|\?|\=|\&|\%|\-)*\b` -> "". */
export const REMOVE_URLS: readonly RegexRule[] = [
    { pattern: `(https|http)?:\\/\\/(?:${WORD}|\\.|\\/|\\?|=|&|%|-)*${WORD_BOUNDARY}`, flags: "u", replacement: "" }
];

/** `remove_references`: HTML tags, markdown links, bracketed references. The last rule never fires (kept for fidelity). */
export const REMOVE_REFERENCES: readonly RegexRule[] = [
    { pattern: "<.*?>", replacement: "" },
    { pattern: "\\[.*?\\]\\(.*?\\)", replacement: "" },
    { pattern: "\\[.*?\\]", replacement: "" },
    { pattern: "\\[\\d+\\]", replacement: "" },
    { pattern: "\\[(.*?)\\]\\((.*?)\\)", replacement: "$1" }
];

/** `normalize_lists`. */
export const NORMALIZE_LISTS: readonly RegexRule[] = [
    { pattern: "\\n\\* ", replacement: "\n- " },
    { pattern: "\\n•", replacement: "\n-" },
    { pattern: "\\no", replacement: "\n-" },
    { pattern: "\\n\\uF0B7", replacement: "\n-" },
    { pattern: "\\n\\+ ", replacement: "\n- " },
    { pattern: "\\n•", replacement: "\n-" },
    { pattern: "• ", replacement: "- " },
    { pattern: "\\* ", replacement: "- " }
];

/** `remove_weird_chars`. */
export const REMOVE_WEIRD_CHARS: readonly RegexRule[] = [
    { pattern: "◆", replacement: "" },
    { pattern: "•", replacement: "" },
    { pattern: "\\uF0B7", replacement: "" },
    { pattern: "▪", replacement: "" },
    { pattern: "■", replacement: "" },
    { pattern: "□", replacement: "" },
    { pattern: "\\*-", replacement: "" },
    { pattern: "\\n>", replacement: "\n" },
    { pattern: "\\*\\*", replacement: "" },
    { pattern: "\uFFFD", replacement: "" }
];

/** Tail of `normalize_newlines`, after dropping letter-less lines. */
export const COLLAPSE_NEWLINES: readonly RegexRule[] = [
    { pattern: "\\n\\s*\\n", replacement: "\n" },
    { pattern: "\\n{2,}", replacement: "\n" },
    { pattern: "\\n#", replacement: "\n\n#" }
];

/** `normalize_sections(max_hashes=3)`. */
export const MAX_SECTION_HASHES = 3;
