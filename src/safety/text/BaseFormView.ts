import { IRREGULAR_VERB_FORMS } from "./irregularForms.js";

/** Auxiliaries keep their form: rules and their exceptions read "how did" and "how does" as written. */
const AUXILIARIES = new Set(["do", "have", "be", "will", "can", "may", "must", "shall"]);

/**
 * A second view of a normalised message with inflected verbs reduced to their WordNet lemma
 * ("buying a handgun" -> "buy a handgun", "stabbed" -> "stab"), so a refusal rule written with base
 * forms also reads other forms. A word is only reduced when the reduced form is a verb lemma and the
 * word itself is not one ("found", "left" stay). Rules are checked on both views.
 */
export class BaseFormView {
    private readonly forms = new Map<string, string>();

    constructor(verbs: readonly string[]) {
        const lemmas = new Set(verbs);
        const add = (form: string, lemma: string): void => {
            if (form !== lemma && !lemmas.has(form) && !this.forms.has(form)) this.forms.set(form, lemma);
        };
        for (const verb of verbs) {
            if (AUXILIARIES.has(verb)) continue;
            add(/(?:s|sh|ch|x|z|o)$/.test(verb) ? `${verb}es` : /[^aeiou]y$/.test(verb) ? `${verb.slice(0, -1)}ies` : `${verb}s`, verb);
            const stem = /[^aeiou]e$/.test(verb) && !verb.endsWith("ee") ? verb.slice(0, -1) : verb;
            add(`${stem}ing`, verb);
            add(verb.endsWith("e") ? `${verb}d` : /[^aeiou]y$/.test(verb) ? `${verb.slice(0, -1)}ied` : `${verb}ed`, verb);
            // Doubled final consonant after one short vowel: stab -> stabbing, stabbed.
            if (/(?:^|[^aeiou])[aeiou][bdgklmnprt]$/.test(verb)) {
                add(`${verb}${verb.at(-1)}ing`, verb);
                add(`${verb}${verb.at(-1)}ed`, verb);
            }
        }
        for (const [form, lemma] of Object.entries(IRREGULAR_VERB_FORMS)) if (lemmas.has(lemma)) this.forms.set(form, lemma);
    }

    /** The message with each inflected verb replaced by its lemma (the same string when nothing changed). */
    apply(normalized: string): string {
        return normalized.replace(/[a-z]+/g, (word) => this.forms.get(word) ?? word);
    }
}
