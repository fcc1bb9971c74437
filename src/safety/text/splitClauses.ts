/** One clause of a normalised message, with its position so matches can be mapped back to it. */
export interface Clause {
    readonly start: number;
    readonly end: number;
    readonly text: string;
}

/**
 * Splits normalised text into clauses at the separator pattern (punctuation, "but", "and now",
 * ...). Negation and history are judged inside one clause: "had a stroke in 2019, now his face
 * is drooping" puts the history cue and the new sign in different clauses.
 */
export function splitClauses(text: string, separators: RegExp): Clause[] {
    const clauses: Clause[] = [];
    const pattern = new RegExp(separators.source, "g");
    let start = 0;
    for (const match of text.matchAll(pattern)) {
        const index = match.index ?? 0;
        if (index > start) clauses.push({ start, end: index, text: text.slice(start, index).trim() });
        start = index + match[0].length;
    }
    if (start < text.length) clauses.push({ start, end: text.length, text: text.slice(start).trim() });
    return clauses;
}
