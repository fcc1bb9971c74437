import { readFileSync } from "node:fs";
import { UserError } from "../../util/errors.js";
import { IRREGULAR_PLURALS } from "../text/irregularForms.js";

/** The WordNet-derived word classes in data/safety/lexicon/word-classes.json (see buildWordClasses.ts). */
export interface WordClassData {
    readonly source: string;
    /** Common nouns whose most frequent sense is a person ("referee", "police officer"). */
    readonly personNouns: readonly string[];
    /** Named real people in WordNet ("hitler", "marie curie"), lower case. */
    readonly namedPeople: readonly string[];
    /** Fictional characters and imaginary beings in WordNet ("sherlock holmes"), lower case. */
    readonly fictional: readonly string[];
    /** Named places in WordNet ("london", "new york"), lower case: "in London" is not a game or a story. */
    readonly places: readonly string[];
    /** Buildings, vehicles and facilities ("warehouse", "school bus", "power station"): targets of arson, bombing, theft. */
    readonly propertyNouns: readonly string[];
    /** Single-word adjectives (for skipping modifiers before a noun). */
    readonly adjectives: readonly string[];
    /** Single-word verb lemmas (for reading "buying", "stabbed", "sells" as "buy", "stab", "sell"). */
    readonly verbs: readonly string[];
}

/** Fast membership tests over the word classes, with plural handling for person nouns. */
export class WordClasses {
    private readonly personNouns: ReadonlySet<string>;
    readonly namedPeople: ReadonlySet<string>;
    readonly fictional: ReadonlySet<string>;
    readonly places: ReadonlySet<string>;
    private readonly propertyNouns: ReadonlySet<string>;
    private readonly adjectives: ReadonlySet<string>;
    readonly verbs: readonly string[];

    constructor(data: WordClassData, extraPeople: readonly string[] = [], extraFictional: readonly string[] = []) {
        this.personNouns = new Set([...data.personNouns, ...extraPeople]);
        this.namedPeople = new Set(data.namedPeople);
        this.fictional = new Set([...data.fictional, ...extraFictional]);
        this.places = new Set(data.places);
        this.propertyNouns = new Set(data.propertyNouns);
        this.adjectives = new Set(data.adjectives);
        this.verbs = data.verbs;
    }

    static fromFile(file: string, extraPeople: readonly string[] = [], extraFictional: readonly string[] = []): WordClasses {
        let data: WordClassData;
        try {
            data = JSON.parse(readFileSync(file, "utf8")) as WordClassData;
        } catch (error) {
            throw new UserError(`cannot read the safety word classes ${file}`, { expected: "the JSON written by src/safety/train/buildWordClasses.ts", found: error instanceof Error ? error.message : String(error), fix: "reinstall meditron or rebuild the file with `npx tsx src/safety/train/buildWordClasses.ts`" });
        }
        if (!Array.isArray(data.personNouns) || !Array.isArray(data.adjectives) || !Array.isArray(data.places) || !Array.isArray(data.propertyNouns) || !Array.isArray(data.verbs)) {
            throw new UserError(`${file} is not a word-class file`, { expected: "personNouns, namedPeople, fictional, places, propertyNouns, adjectives and verbs arrays", found: Object.keys(data).join(", ") });
        }
        return new WordClasses(data, extraPeople, extraFictional);
    }

    /** True when the (possibly plural) noun or noun phrase names a person by its most frequent sense. */
    isPerson(words: string): boolean {
        return singularForms(words).some((w) => this.personNouns.has(w));
    }

    /** True when the (possibly plural) noun names a building, vehicle or facility by its most frequent sense. */
    isProperty(words: string): boolean {
        return singularForms(words).some((w) => this.propertyNouns.has(w));
    }

    isAdjective(word: string): boolean {
        return this.adjectives.has(word);
    }
}


/** The word itself and its possible singulars (only the last word of a phrase is inflected). */
function singularForms(words: string): string[] {
    const space = words.lastIndexOf(" ");
    const head = words.slice(space + 1);
    const prefix = words.slice(0, space + 1);
    const forms = [head];
    const irregular = IRREGULAR_PLURALS[head];
    if (irregular !== undefined) forms.push(irregular);
    if (head.endsWith("men")) forms.push(`${head.slice(0, -3)}man`);
    if (head.endsWith("ies")) forms.push(`${head.slice(0, -3)}y`);
    if (head.endsWith("es")) forms.push(head.slice(0, -2));
    if (head.endsWith("s")) forms.push(head.slice(0, -1));
    return forms.map((f) => prefix + f);
}
