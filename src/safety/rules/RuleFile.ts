/**
 * Kinds of message a refusal file can exempt, each recognised once per message (src/safety/messageExemptions.ts):
 * - "named-work": set in a named game, film or book ("murder someone in Cluedo");
 * - "explanation": only asks what a term means or why something is illegal or harmful ("Why is arson illegal?");
 * - "nonsense-discrimination": asks why a real group cannot do what nobody can ("Why can't Buddhists fly?").
 */
export const RULE_EXEMPTIONS = ["named-work", "explanation", "nonsense-discrimination"] as const;
export type RuleExemption = (typeof RULE_EXEMPTIONS)[number];

/**
 * The format of one rule file (data/safety/rules/emergency/<category>.yaml or
 * data/safety/rules/refusal/<category>.yaml). Rules are data so clinicians can review them.
 */
export interface RuleFile {
    /** Category reported in decisions ("cardiac", "stroke", "violence", ...). */
    readonly category: string;
    /** Short human title shown in banners ("Possible heart attack"). */
    readonly label: string;
    /** Emergency files: what to do now; {emergency} and {crisis} are replaced by the locale's numbers. */
    readonly advice?: string;
    /** Refusal files: why the request is refused, and what the user can do instead. */
    readonly reason?: string;
    readonly alternative?: string;
    /** Refusal files: show crisis lines with the refusal (self-harm methods). */
    readonly showCrisisLines?: boolean;
    /** Refusal files: kinds of message this file's rules never refuse (see RuleExemption). */
    readonly exemptions?: readonly RuleExemption[];
    readonly rules: readonly RuleSpec[];
}

export interface RuleSpec {
    /** Unique id, "<category>.<name>", reported as the decision's `rule`. */
    readonly id: string;
    /**
     * Concepts that must all be present (each a regular expression, {MACRO}s from lexicon.yaml
     * allowed). For emergency rules each concept needs a match that is not negated, not past
     * history and not a generic question.
     */
    readonly all: readonly string[];
    /** When this pattern matches anywhere in the message the rule does not fire. */
    readonly unless?: string;
    /** Where the rule comes from (guideline, page, dataset), for reviewers. */
    readonly source: string;
}
