/** Irregular past forms of verbs the refusal rules are written with (regular forms are derived). */
const IRREGULAR: Readonly<Record<string, string>> = {
    bought: "buy", made: "make", sold: "sell", stole: "steal", stolen: "steal", shot: "shoot", took: "take", taken: "take",
    got: "get", gotten: "get", hid: "hide", hidden: "hide", beaten: "beat", broke: "break", broken: "break", ran: "run",
    threw: "throw", thrown: "throw", gave: "give", given: "give", drove: "drive", driven: "drive", fought: "fight",
    hung: "hang", slew: "slay", slain: "slay", sent: "send", brought: "bring", paid: "pay", fed: "feed", kept: "keep",
    lost: "lose", met: "meet", spent: "spend", taught: "teach", told: "tell", wrote: "write", written: "write", ate: "eat",
    eaten: "eat", drank: "drink", bled: "bleed", burnt: "burn", dealt: "deal", dug: "dig", fled: "flee", grew: "grow",
    grown: "grow", knew: "know", known: "know", rode: "ride", ridden: "ride", saw: "see", seen: "see", sought: "seek",
    shook: "shake", shaken: "shake", stuck: "stick", struck: "strike", swore: "swear", sworn: "swear", tore: "tear",
    torn: "tear", woke: "wake", woken: "wake", chose: "choose", chosen: "choose", bit: "bite", bitten: "bite", blew: "blow",
    blown: "blow", caught: "catch", forgot: "forget", forgotten: "forget", froze: "freeze", frozen: "freeze", spoke: "speak",
    spoken: "speak", understood: "understand", went: "go", gone: "go"
};

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
        for (const [form, lemma] of Object.entries(IRREGULAR)) if (lemmas.has(lemma)) this.forms.set(form, lemma);
    }

    /** The message with each inflected verb replaced by its lemma (the same string when nothing changed). */
    apply(normalized: string): string {
        return normalized.replace(/[a-z]+/g, (word) => this.forms.get(word) ?? word);
    }
}
