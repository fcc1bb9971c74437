import type { RuleExemption, RuleFile } from "./rules/RuleFile.js";
import { compilePattern } from "./rules/compilePattern.js";

const NO_EXEMPTIONS: ReadonlySet<RuleExemption> = new Set();

/** A fired refusal (or hedging) rule. */
export interface RuleMatch {
    readonly file: RuleFile;
    readonly rule: string;
    readonly source: string;
}

/**
 * Matches request rules (refusal, hedging): a rule fires when every one of its concepts matches
 * somewhere in the normalised message and its `unless` pattern does not. Unlike emergencies,
 * negation is not modelled: a request is judged by what it asks for.
 */
export class RequestRules {
    private readonly compiled: readonly { file: RuleFile; id: string; source: string; concepts: RegExp[]; unless?: RegExp }[];

    constructor(files: readonly RuleFile[], lexicon: Readonly<Record<string, string>>) {
        this.compiled = files.flatMap((file) => file.rules.map((rule) => ({
            file,
            id: rule.id,
            source: rule.source,
            concepts: rule.all.map((p, i) => compilePattern(p, lexicon, `${rule.id} (all[${i}])`, "")),
            ...(rule.unless === undefined ? {} : { unless: compilePattern(rule.unless, lexicon, `${rule.id} (unless)`, "") })
        })));
    }

    /**
     * `alternate` is a second reading of the same message (inflected verbs as lemmas): a rule fires when
     * its concepts all match either reading, and never when its `unless` matches either one (so "how
     * did ... die" stays a history question after "did" became "do"). Files whose `exemptions` include one
     * in `exempt` are not consulted.
     */
    detect(normalized: string, alternate?: string, exempt: ReadonlySet<RuleExemption> = NO_EXEMPTIONS): RuleMatch | null {
        const other = alternate === undefined || alternate === normalized ? undefined : alternate;
        for (const rule of this.compiled) {
            // An exempted file is skipped, not the whole match: a later rule of another file may still fire.
            if (exempt.size > 0 && rule.file.exemptions?.some((e) => exempt.has(e)) === true) continue;
            if (rule.unless !== undefined && (rule.unless.test(normalized) || (other !== undefined && rule.unless.test(other)))) continue;
            if (rule.concepts.every((c) => c.test(normalized)) || (other !== undefined && rule.concepts.every((c) => c.test(other)))) {
                return { file: rule.file, rule: rule.id, source: rule.source };
            }
        }
        return null;
    }
}
