import type { ViolenceSettings } from "./IntentSettings.js";
import { tokenizeWords, type Word } from "./tokenizeWords.js";
import type { WordClasses } from "./WordClasses.js";

/** Verbs whose harm is to a named body part ("break his neck", "slit the guard's throat"), not the person. */
const BODY_PART_VERBS = new Set(["break", "rip", "tear", "slit", "cut", "smash", "bash"]);
/**
 * Words that can follow the object of a harm verb ("stab her tonight", "kill my boss and ..."): after "her" they
 * show "her" is the object, not a possessive. Used together with PHRASE_END (prepositions, conjunctions).
 */
const AFTER_OBJECT = new Set(["tonight", "today", "now", "quickly", "slowly", "quietly", "silently", "painlessly", "again", "then", "please", "forever", "permanently", "off", "out", "up", "down", "over", "dead", "alive", "unconscious", "disappear", "vanish", "die", "suffer", "bleed", "stop", "go", "never", "doesn\'t", "won\'t", "can\'t", "until", "myself", "tomorrow", "yesterday", "soon", "later", "i", "you", "he", "she", "we", "they", "it", "me", "him", "them", "first", "next", "here", "there", "instead", "already", "once", "twice", "fast", "hard", "good", "properly", "enough", "too", "also", "just", "even", "every", "right", "will", "would", "can", "could", "should", "has", "have", "had", "does", "did", "do", "since", "unless", "who\'s", "whom", "whose", "where", "what", "how", "why", "the", "a", "an", "my", "this"]);
/** Prepositions and conjunctions end the object phrase even where WordNet also lists them as adjectives ("in", "like"). */
const PHRASE_END = new Set(["in", "on", "at", "with", "for", "from", "to", "of", "by", "about", "into", "onto", "like", "as", "than", "and", "or", "but", "so", "because", "while", "when", "if", "without", "during", "after", "before", "near", "behind", "through", "using", "who", "that", "which", "is", "are", "was", "were"]);
/**
 * A verb that is also a noun ("an attack", "acid attack survivors", "a free kick") counts as a verb
 * only at the start of the message or after one of these words.
 */
const VERB_PRECEDERS = new Set(["for", "of", "by", "to", "i", "we", "you", "they", "he", "she", "can", "could", "should", "would", "will", "might", "must", "and", "or", "then", "please", "let's", "lets", "just", "actually", "really", "quietly", "secretly", "successfully", "slowly", "easily", "also", "even", "gonna", "wanna", "i'll", "we'll", "i'd", "me", "us", "not", "never", "finally", "literally", "go", "and", "first"]);
/** Words that make the message a request or a statement of intent (the detector ignores bare statements). */
const REQUEST = /\b(?:how (?:do|can|could|would|should|might|to|does|will|is|are)|(?:best|easiest|quickest|fastest|simplest|surest|cleanest|most effective|least painful|painless|good|quiet|quietest) (?:way|ways|method|methods|means|technique)|\bways? to\b|\bsteps? to\b|\bguide to\b|(?:tell|show|teach|help|give|walk) me\b|\bexplain how\b|\bi (?:want|need|plan|intend|wish|wanna|gonna|will|would like|am going|.m going|.ll|.d like)\b|\bwhere (?:do|should|can|could|would) (?:i|you|we)\b|\bwhat (?:should|can|could|would|do) (?:i|we) (?:use|do|need|buy)\b|\bshould i\b|\bcan (?:you|i|we)\b|\blet.s\b|\bhelp\b|\?\s*$|^(?:please )?(?:kill|murder|strangle|stab|shoot|poison|torture|kidnap|drown|describe|list|write|find|plan|explain|suggest))/;

export interface ViolenceMatch {
    readonly verb: string;
    readonly target: string;
    /** A person ("choke out my landlord") or property ("burn down the warehouse"). */
    readonly kind: "person" | "property";
}

/**
 * Finds a request to do serious physical harm to a person: a harm verb whose object is a person,
 * where "person" is read from WordNet's noun classes (any noun whose most frequent sense is a
 * person, plus pronouns). The object decides: "choke out my landlord" fires, "kill a zombie
 * process", "crush garlic", "execute a query" do not. Contexts of games, fiction, history,
 * prevention, definitions and law (settings.unless) switch it off.
 */
export class ViolenceTargetDetector {
    private readonly verbForms = new Map<string, string>();
    private readonly skip: ReadonlySet<string>;
    private readonly people: ReadonlySet<string>;
    private readonly thingHeads: ReadonlySet<string>;
    private readonly notPeople: ReadonlySet<string>;
    private readonly bodyParts: ReadonlySet<string>;
    private readonly unless: RegExp;
    private readonly propertyPhrases: readonly { readonly words: readonly string[]; readonly firstForms: ReadonlySet<string> }[];
    private readonly propertyExtras: ReadonlySet<string>;
    private readonly notProperty: ReadonlySet<string>;

    constructor(private readonly settings: ViolenceSettings, private readonly classes: WordClasses) {
        for (const verb of settings.verbs) for (const form of verbForms(verb)) this.verbForms.set(form, verb);
        for (const [form, verb] of Object.entries(settings.irregular)) if (settings.verbs.includes(verb)) this.verbForms.set(form, verb);
        this.skip = new Set(settings.skip);
        this.people = new Set(settings.people);
        this.thingHeads = new Set(settings.thingHeads);
        this.notPeople = new Set(settings.notPeople);
        this.bodyParts = new Set(settings.bodyParts);
        this.unless = new RegExp(settings.unless);
        this.propertyPhrases = settings.propertyVerbs.map((phrase) => {
            const words = phrase.split(" ");
            return { words, firstForms: new Set(verbForms(words[0]!)) };
        });
        this.propertyExtras = new Set(settings.propertyExtras);
        this.notProperty = new Set(settings.notProperty);
    }

    /** `inNamedWork`: pass it when the caller already knows (the layer checks it once per message). */
    detect(original: string, normalized: string, inNamedWork?: boolean): ViolenceMatch | null {
        if (!REQUEST.test(normalized) || this.unless.test(normalized) || (inNamedWork ?? this.inNamedWork(original))) return null;
        const words = tokenizeWords(normalized);
        // "make my stepmother disappear for good": a person made to vanish for good.
        for (let i = 0; i < words.length; i++) {
            if (words[i]!.word !== "make") continue;
            const k = words.findIndex((w, j) => j > i && j <= i + 5 && (w.word === "disappear" || w.word === "vanish"));
            if (k < 0 || !/\b(?:disappear|vanish) (?:permanently|forever|for good|for ever|without a trace|and never come back)/.test(normalized)) continue;
            const target = this.findPersonObject(words, i + 1, "make");
            if (target !== null) return { verb: "make disappear", target, kind: "person" };
        }
        for (let i = 0; i < words.length; i++) {
            const verb = this.verbForms.get(words[i]!.word);
            if (verb === undefined || words[i]!.possessive) continue;
            const previous = i === 0 ? undefined : words[i - 1]!.word;
            if (previous !== undefined && !VERB_PRECEDERS.has(previous) && !previous.endsWith("ly")) continue;
            const target = this.findPersonObject(words, i + 1, verb);
            if (target !== null) return { verb, target, kind: "person" };
        }
        for (let i = 0; i < words.length; i++) {
            const previous = i === 0 ? undefined : words[i - 1]!.word;
            if (previous !== undefined && !VERB_PRECEDERS.has(previous) && !previous.endsWith("ly")) continue;
            for (const phrase of this.propertyPhrases) {
                if (!phrase.firstForms.has(words[i]!.word) || !phrase.words.every((w, k) => k === 0 || words[i + k]?.word === w)) continue;
                const target = this.findPropertyObject(words, i + phrase.words.length);
                if (target !== null) return { verb: phrase.words.join(" "), target, kind: "property" };
            }
        }
        return null;
    }

    /** The building, vehicle or facility a destructive verb acts on ("my neighbour's car", "a school bus"). */
    private findPropertyObject(words: readonly Word[], start: number): string | null {
        for (let j = start; j < Math.min(words.length, start + 6); j++) {
            const { word, possessive } = words[j]!;
            const bigram = j + 1 < words.length ? `${word} ${words[j + 1]!.word}` : "";
            if (this.notProperty.has(word) || this.notProperty.has(bigram)) return null;
            const isBigram = bigram !== "" && (this.propertyExtras.has(bigram) || this.classes.isProperty(bigram));
            if (isBigram || this.propertyExtras.has(word) || this.classes.isProperty(word)) {
                const last = isBigram ? words[j + 1]! : words[j]!;
                const next = words[isBigram ? j + 2 : j + 1];
                // "a car stereo", "the house keys": the property word modifies something else.
                if (!last.endsPhrase && next !== undefined && !AFTER_OBJECT.has(next.word) && !PHRASE_END.has(next.word) && !next.word.endsWith("ly") && !last.possessive) return null;
                return isBigram ? bigram : word;
            }
            if (possessive || this.skip.has(word) || /^\d+$/.test(word) || (this.classes.isAdjective(word) && !PHRASE_END.has(word))) continue;
            // One noun modifier before the head: "a freight train", "the school bus".
            const next = words[j + 1];
            if (!PHRASE_END.has(word) && !words[j]!.endsPhrase && next !== undefined && !this.notProperty.has(next.word) && (this.propertyExtras.has(next.word) || this.classes.isProperty(next.word))) continue;
            return null;
        }
        return null;
    }

    private findPersonObject(words: readonly Word[], start: number, verb: string): string | null {
        const particles = this.settings.particleVerbs[verb];
        if (particles !== undefined && particles.length > 0) {
            const window = words.slice(start, start + 5).map((w) => w.word);
            if (!particles.some((p) => window.includes(p))) return null;
        }
        const needsBodyPart = BODY_PART_VERBS.has(verb);
        for (let j = start; j < Math.min(words.length, start + 6); j++) {
            const { word, possessive } = words[j]!;
            if (word === "me" || word === "myself" || word === "yourself" || word === "us") return null;
            const bigram = j + 1 < words.length ? `${word} ${words[j + 1]!.word}` : "";
            if (this.notPeople.has(word) || this.notPeople.has(bigram)) return null;
            const isPerson = (bigram !== "" && this.classes.isPerson(bigram)) || this.isPersonWord(word);
            if (word === "her" || word === "his" || word === "their") {
                const next = words[j + 1];
                if (word === "her" && (next === undefined || AFTER_OBJECT.has(next.word) || PHRASE_END.has(next.word))) return needsBodyPart ? null : "her";
                if (needsBodyPart && next !== undefined && this.bodyParts.has(next.word)) return `${word} ${next.word}`;
                continue;
            }
            if (isPerson) {
                const nextIndex = bigram !== "" && this.classes.isPerson(bigram) && !this.isPersonWord(word) ? j + 2 : j + 1;
                const next = words[nextIndex];
                const owner = bigram !== "" && nextIndex === j + 2 ? words[j + 1]! : words[j]!;
                if (owner.possessive) {
                    // "my neighbour's kids" harms people; "my neighbour's dog" or "car" is not this detector's concern.
                    if (next !== undefined && (this.bodyParts.has(next.word) || this.isPersonWord(next.word))) return `${owner.word}'s ${next.word}`;
                    return null;
                }
                const phraseEnds = owner.endsPhrase || next === undefined || AFTER_OBJECT.has(next.word) || PHRASE_END.has(next.word) || next.word.endsWith("ly");
                if (phraseEnds) return needsBodyPart ? null : (nextIndex === j + 2 ? bigram : word);
                // "ex boyfriend", "the old man": the person word modifies another person word, read on.
                if (this.isPersonWord(next.word) || (this.classes.isAdjective(word) && !this.thingHeads.has(next.word))) continue;
                // Otherwise the person word modifies a thing: "child process", "wasp nest", "police car".
                return null;
            }
            if (PHRASE_END.has(word)) return null;
            if (this.skip.has(word) || /^\d+$/.test(word) || (this.classes.isAdjective(word) && !this.thingHeads.has(word))) continue;
            // One noun modifier before the head: "the night guard", "a bus driver".
            if (!possessive && !words[j]!.endsPhrase && j + 1 < words.length && this.isPersonWord(words[j + 1]!.word) && !this.notPeople.has(words[j + 1]!.word)) continue;
            return null;
        }
        return null;
    }

    /**
     * "in Hitman", "In Assassin's Creed,", "in The Last of Us": a capitalised title after "in" that is
     * not a WordNet place names a game, film or book, the safe context of XSTest's contrast type.
     */
    inNamedWork(original: string): boolean {
        for (const m of original.matchAll(/\b[Ii]n ((?:The |the |A )?[A-Z0-9][\w'’:-]*(?: (?:of |the |by |and |[A-Z0-9][\w'’:-]*))*)/g)) {
            const title = m[1]!.replace(/[’]/g, "'").replace(/ (?:of|the|by|and)$/, "").trim();
            const lower = title.toLowerCase();
            if (/^(?:i|i'm|my|a|the)$/.test(lower)) continue;
            if (!this.classes.places.has(lower) && !this.classes.places.has(lower.replace(/^the /, ""))) return true;
        }
        return false;
    }

    private isPersonWord(word: string): boolean {
        if (this.notPeople.has(word)) return false;
        return this.people.has(word) || this.classes.isPerson(word) || this.classes.namedPeople.has(word);
    }
}

/** kill -> kill, kills, killing, killed; stab -> stabs, stabbing, stabbed; strangle -> strangling. */
function verbForms(verb: string): string[] {
    const forms = [verb, `${verb}s`, `${verb}es`, `${verb}ing`, `${verb}ed`];
    if (verb.endsWith("e")) forms.push(`${verb.slice(0, -1)}ing`, `${verb}d`);
    if (/[^aeiou][aeiou][bdgklmnprt]$/.test(verb)) forms.push(`${verb}${verb.at(-1)}ing`, `${verb}${verb.at(-1)}ed`);
    return forms;
}
