import { UserError } from "../../util/errors.js";
import type { Clause } from "../text/splitClauses.js";
import { compilePattern } from "./compilePattern.js";

/** The compiled context settings of data/safety/rules/context.yaml. */
export interface MatchContextSettings {
    readonly clauseSeparators: RegExp;
    readonly negationCues: RegExp;
    readonly negationWindowWords: number;
    readonly pseudoNegations: RegExp;
    readonly historyCues: RegExp;
    readonly infoFrames: RegExp;
    readonly infoOverride: RegExp;
    readonly hypotheticalContext: RegExp;
    readonly nonHumanSubject: RegExp;
}

export function compileMatchContext(raw: Record<string, unknown>, lexicon: Readonly<Record<string, string>>): MatchContextSettings {
    const pattern = (key: string, flags = ""): RegExp => {
        const value = raw[key];
        if (typeof value !== "string") throw new UserError(`context.yaml: missing \`${key}\``, { expected: "a regular-expression string", found: String(value) });
        return compilePattern(value, lexicon, `context.yaml ${key}`, flags);
    };
    const windowWords = raw.negationWindowWords;
    if (typeof windowWords !== "number" || windowWords < 1) throw new UserError("context.yaml: invalid `negationWindowWords`", { expected: "a positive number", found: String(windowWords) });
    return {
        clauseSeparators: pattern("clauseSeparators"),
        negationCues: pattern("negationCues"),
        negationWindowWords: windowWords,
        pseudoNegations: pattern("pseudoNegations", "g"),
        historyCues: pattern("historyCues"),
        infoFrames: pattern("infoFrames"),
        infoOverride: pattern("infoOverride"),
        hypotheticalContext: pattern("hypotheticalContext"),
        nonHumanSubject: pattern("nonHumanSubject")
    };
}

/** Why a match does not count, or null when it does. */
export type DiscountReason = "negated" | "history" | "informational" | "non-human" | null;

/**
 * Judges one match in its clause: negation cue in the words just before it, a past-history cue
 * or a pet as subject anywhere in the clause, or a clause that is a generic question.
 */
export function discountMatch(settings: MatchContextSettings, text: string, clause: Clause, matchIndex: number): DiscountReason {
    const before = text.slice(clause.start, matchIndex).replace(settings.pseudoNegations, " ");
    const window = before.trim().split(/\s+/).slice(-settings.negationWindowWords).join(" ");
    if (window !== "" && settings.negationCues.test(window)) return "negated";
    if (settings.historyCues.test(clause.text)) return "history";
    if (settings.nonHumanSubject.test(clause.text)) return "non-human";
    if (settings.infoFrames.test(clause.text) && !settings.infoOverride.test(text)) return "informational";
    return null;
}

/** The clause holding position `index` (the last clause starting at or before it). */
export function clauseAt(clauses: readonly Clause[], index: number): Clause {
    let found = clauses[0] ?? { start: 0, end: 0, text: "" };
    for (const clause of clauses) {
        if (clause.start <= index) found = clause;
        else break;
    }
    return found;
}
