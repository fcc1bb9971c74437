/** A word of a normalised message; `possessive` when it ended in 's or s' (stripped from `word`). */
export interface Word {
    readonly word: string;
    readonly possessive: boolean;
    /** Followed by punctuation that ends a phrase (, . ; : ! ? or a dash). */
    readonly endsPhrase: boolean;
}

/** Splits normalised (lower-case) text into words, keeping hyphenated words whole. */
export function tokenizeWords(normalized: string): Word[] {
    const words: Word[] = [];
    for (const match of normalized.matchAll(/[a-z0-9]+(?:-[a-z0-9]+)*(?:'s|s'|')?/g)) {
        const raw = match[0];
        const endsPhrase = /^\s*(?:[,.;:!?)]|$| - )/.test(normalized.slice((match.index ?? 0) + raw.length, (match.index ?? 0) + raw.length + 3));
        if (raw.endsWith("'s")) words.push({ word: raw.slice(0, -2), possessive: true, endsPhrase });
        else if (raw.endsWith("s'")) words.push({ word: raw.slice(0, -1), possessive: true, endsPhrase });
        else words.push({ word: raw.replace(/'$/, ""), possessive: false, endsPhrase });
    }
    return words;
}
