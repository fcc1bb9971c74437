/**
 * Python `str` helpers the paper's evaluate.py relies on, where JavaScript differs.
 *
 * `str.strip()` removes characters for which `str.isspace()` is true; that set includes
 * \x1c-\x1f and \x85, which `String.prototype.trim` keeps, and excludes U+FEFF, which `trim`
 * removes.
 */
const PY_WHITESPACE = new Set([
    0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
    0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000
]);

export function pyStrip(value: string): string {
    let start = 0;
    let end = value.length;
    while (start < end && PY_WHITESPACE.has(value.charCodeAt(start))) start++;
    while (end > start && PY_WHITESPACE.has(value.charCodeAt(end - 1))) end--;
    return value.slice(start, end);
}

/** `str.split()` without arguments: split on runs of whitespace, no empty strings. */
export function pySplitWhitespace(value: string): string[] {
    const words: string[] = [];
    let current = "";
    for (const ch of value) {
        if (PY_WHITESPACE.has(ch.charCodeAt(0))) {
            if (current !== "") words.push(current);
            current = "";
        } else {
            current += ch;
        }
    }
    if (current !== "") words.push(current);
    return words;
}

/** `s.encode('ascii', 'ignore').decode('ascii')`: drops every non-ASCII code point. */
export function pyAsciiOnly(value: string): string {
    return value.replace(/[^\x00-\x7f]/gu, "");
}
