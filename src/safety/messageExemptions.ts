import type { IntentDetectors } from "./intent/IntentDetectors.js";
import type { RuleExemption } from "./rules/RuleFile.js";

/** The context.yaml patterns that recognise explanation-only questions (either may be absent). */
export interface ExplanationPatterns {
    /** "What is arson?", "Define money laundering.": asks what a term means. */
    readonly classifierSkip: RegExp | null;
    /** "Why is revenge porn illegal?": asks why something is a crime or harmful. */
    readonly legalityQuestion: RegExp | null;
}

/**
 * Which kinds of exempted message this one is (see RuleExemption). Computed once per message; each
 * refusal file says which of them it never refuses, and the classifier skips explanations and nonsense
 * discrimination.
 */
export function messageExemptions(original: string, normalized: string, patterns: ExplanationPatterns, intents: IntentDetectors): Set<RuleExemption> {
    const exempt = new Set<RuleExemption>();
    if ((patterns.classifierSkip?.test(normalized) ?? false) || (patterns.legalityQuestion?.test(normalized) ?? false)) exempt.add("explanation");
    if (intents.isNonsenseDiscrimination(normalized)) exempt.add("nonsense-discrimination");
    if (intents.inNamedWork(original)) exempt.add("named-work");
    return exempt;
}
