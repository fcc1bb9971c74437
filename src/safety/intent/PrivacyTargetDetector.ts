import type { PrivacySettings } from "./IntentSettings.js";
import type { WordClasses } from "./WordClasses.js";

/** Capitalised words that start questions and commands, never a name. */
const NOT_NAME = new Set(["what", "what's", "whats", "where", "where's", "who", "who's", "when", "why", "how", "which", "find", "tell", "give", "get", "show", "list", "send", "share", "is", "are", "was", "can", "could", "would", "do", "does", "did", "please", "i", "i'm", "the", "a", "an", "my", "and", "or", "of", "hey", "hi", "look", "search", "dig", "leak", "post", "reveal", "should", "will", "may", "might", "must", "have", "has", "had", "it", "its", "it's", "in", "on", "at", "for", "to", "from", "with", "by", "if", "so", "but", "how's", "hello", "dear", "thanks", "thank", "you", "your", "we", "our", "they", "he", "she", "me", "mr", "mrs", "ms", "dr"]);
const NAME = /(?:^|[^\w'’])((?:[A-Z][\w.-]*(?:[ ](?=[A-Z]))?){1,4})(?:['’]s?\b)?/g;

/** The message asks to get, find or expose something (not, for example, to plan a birthday surprise). */
const ASKS = /\b(?:what|which|who|where|when|find|get|give|tell|look up|lookup|search|know|obtain|access|dig up|leak|post|share|reveal|expose|track|locate|send|list|need|want|hack|steal|pull up|see)\b/;

export interface PrivacyMatch {
    readonly whose: string;
    readonly data: string;
    readonly kind: "private-person" | "named-person";
}

/**
 * Finds a request for a person's private data. Whose data decides:
 * - a private individual ("my coworker's", "the cashier's", "her") for any personal data;
 * - a named real person ("Keanu Reeves's") for data that is private even for public figures
 *   (home address, phone number, bank details, passwords, medical records), not for public facts
 *   (birthday, education);
 * - fictional characters ("Harry Potter's home address") and organisations ("the phone number of
 *   the British Library") never.
 */
export class PrivacyTargetDetector {
    private readonly privateData: RegExp;
    private readonly personalData: RegExp;
    private readonly institutions: ReadonlySet<string>;
    private readonly unless: RegExp;
    private readonly sensitive: RegExp;
    private readonly strongIdentifiers: RegExp;
    private readonly whereNow = /\bwhere ([a-z][\w' .-]{1,40}?) (?:is|are) (?:living|staying|sleeping|tonight|right now|at the moment|these days)\b/;
    private readonly whereLives = /\bwhere (?:exactly |precisely )?(?:does|do|did|is|are) ([a-z][\w' .-]{1,40}?) (?:live|stay|sleep|living|staying|sleeping)\b/;

    constructor(settings: PrivacySettings, private readonly classes: WordClasses) {
        this.privateData = new RegExp(settings.identifiers);
        this.personalData = new RegExp(settings.personal);
        this.institutions = new Set(settings.institutions);
        this.unless = new RegExp(settings.unless);
        this.sensitive = new RegExp(settings.sensitive);
        this.strongIdentifiers = new RegExp(settings.strongIdentifiers);
    }

    detect(original: string, normalized: string): PrivacyMatch | null {
        if (this.unless.test(normalized) || !ASKS.test(normalized)) return null;
        const privateHit = this.privateData.exec(normalized)?.[0] ?? this.whereLives.exec(normalized)?.[0] ?? this.whereNow.exec(normalized)?.[0];
        const personalHit = this.personalData.exec(normalized)?.[0];
        const data = privateHit ?? personalHit;
        if (data === undefined) return null;
        const owner = this.privateOwner(normalized);
        if (owner !== null) return { whose: owner, data, kind: "private-person" };
        const sensitiveHit = this.sensitive.exec(normalized)?.[0];
        if (privateHit === undefined && sensitiveHit === undefined) return null;
        const named = this.namedPerson(original);
        if (named === null) return null;
        const strong = this.strongIdentifiers.exec(normalized)?.[0];
        // A single unknown capitalised word may be a company ("Tesco's phone number"): only the strongest identifiers count.
        if (named.single && !named.known) return strong === undefined ? null : { whose: named.name, data: strong, kind: "named-person" };
        if (privateHit !== undefined) return { whose: named.name, data: privateHit, kind: "named-person" };
        // Medical or sexual facts: private for people alive today, history for WordNet's (mostly historical) figures.
        return named.known ? null : { whose: named.name, data: sensitiveHit!, kind: "named-person" };
    }

    /** "my coworker's", "the cashier's", "someone's", "of my ex-wife", or "her"/"his" right before private data. */
    private privateOwner(normalized: string): string | null {
        for (const m of normalized.matchAll(/\b(?:my|a|the|this|that|our|your) (?:[a-z-]+ ){0,2}?([a-z-]+)(?:'s|s')/g)) {
            if (this.isOwnerNoun(m[1]!)) return m[0];
        }
        const anyone = /\b(?:someone|somebody|anyone|anybody|a stranger|strangers)(?:'s|s')|\bof (?:everyone|everybody|all (?:the )?(?:[a-z]+ )?(?:parents|kids|children|pupils|students|employees|staff|members|neighbours|neighbors|patients|users|residents|tenants))\b/.exec(normalized);
        if (anyone !== null) return anyone[0];
        for (const m of normalized.matchAll(/\b(?:of|belonging to) (?:my|a|the|this|that|our) (?:[a-z-]+ )?([a-z-]+)\b/g)) {
            if (this.isOwnerNoun(m[1]!)) return m[0];
        }
        const has = /\b(?:does|did|is|has) (?:my|the|a|this|that|our) (?:[a-z-]+ )?([a-z-]+) (?:have|has|taking|take|suffer|got)\b/.exec(normalized);
        if (has !== null && this.isOwnerNoun(has[1]!)) return has[0];
        const lives = /\bwhere (?:exactly )?(?:(?:does|do|did) )?(?:my|the|a|this|that|our|his|her|their) (?:[a-z-]+ )?([a-z-]+) (?:lives?|stays?|sleeps?|works?|is staying)\b/.exec(normalized);
        if (lives !== null && this.isOwnerNoun(lives[1]!)) return lives[0];
        const pronoun = /\b(?:his|her|their) /.exec(normalized);
        if (pronoun !== null && this.privateData.exec(normalized.slice(pronoun.index + pronoun[0].length))?.index === 0) return pronoun[0].trim();
        return null;
    }

    private isOwnerNoun(noun: string): boolean {
        return this.classes.isPerson(noun) || /^ex(?:-[a-z]+)?$/.test(noun) || noun === "neighbour" || noun === "neighbor";
    }

    /** A capitalised name that is not a fictional character, an organisation or a place. */
    private namedPerson(original: string): { name: string; single: boolean; known: boolean } | null {
        for (const m of original.matchAll(NAME)) {
            const words = m[1]!.trim().split(" ").filter((w) => w !== "" && !NOT_NAME.has(w.toLowerCase().replace(/['’]s?$/, "")));
            if (words.length === 0) continue;
            const name = words.join(" ").toLowerCase().replace(/['’]s?$/, "");
            if (this.classes.fictional.has(name) || words.some((w) => this.classes.fictional.has(w.toLowerCase()) && words.length === 1)) return null;
            if (words.some((w) => this.institutions.has(w.toLowerCase()))) continue;
            if (this.classes.places.has(name)) continue;
            const known = this.classes.namedPeople.has(name);
            if (known || words.length >= 2 || !/^\s*$/.test(original.slice(0, m.index ?? 0))) return { name: words.join(" "), single: words.length === 1, known };
        }
        return null;
    }
}
