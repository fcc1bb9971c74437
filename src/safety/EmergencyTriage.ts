import type { RuleFile } from "./rules/RuleFile.js";
import { compilePattern } from "./rules/compilePattern.js";
import { clauseAt, discountMatch, type MatchContextSettings } from "./rules/MatchContext.js";
import { splitClauses } from "./text/splitClauses.js";

/** A fired emergency rule. */
export interface EmergencyMatch {
    readonly category: string;
    readonly label: string;
    readonly rule: string;
    readonly source: string;
    readonly advice: string;
}

interface CompiledRule {
    readonly id: string;
    readonly source: string;
    readonly concepts: readonly RegExp[];
    readonly unless?: RegExp;
}

interface CompiledCategory {
    readonly file: RuleFile;
    readonly rules: readonly CompiledRule[];
}

/**
 * Emergency triage over the emergency rule files. A rule fires when each of its concepts has at
 * least one match that is not negated, not past history, not about a pet and not part of a
 * generic question (see MatchContext). Categories are tried in the order given, so the most
 * time-critical category is reported when several fire.
 */
export class EmergencyTriage {
    private readonly categories: readonly CompiledCategory[];

    constructor(files: readonly RuleFile[], lexicon: Readonly<Record<string, string>>, private readonly context: MatchContextSettings) {
        this.categories = files.map((file) => ({
            file,
            rules: file.rules.map((rule) => ({
                id: rule.id,
                source: rule.source,
                concepts: rule.all.map((pattern, i) => compilePattern(pattern, lexicon, `${rule.id} (all[${i}])`, "g")),
                ...(rule.unless === undefined ? {} : { unless: compilePattern(rule.unless, lexicon, `${rule.id} (unless)`, "") })
            }))
        }));
    }

    /** The first emergency rule that fires on the normalised text, or null. */
    detect(normalized: string): EmergencyMatch | null {
        if (this.context.hypotheticalContext.test(normalized)) return null;
        const clauses = splitClauses(normalized, this.context.clauseSeparators);
        for (const { file, rules } of this.categories) {
            for (const rule of rules) {
                if (rule.unless?.test(normalized)) continue;
                if (rule.concepts.every((concept) => this.hasCountingMatch(concept, normalized, clauses))) {
                    return { category: file.category, label: file.label, rule: rule.id, source: rule.source, advice: file.advice ?? "" };
                }
            }
        }
        return null;
    }

    private hasCountingMatch(concept: RegExp, text: string, clauses: ReturnType<typeof splitClauses>): boolean {
        for (const match of text.matchAll(concept)) {
            const index = match.index ?? 0;
            if (discountMatch(this.context, text, clauseAt(clauses, index), index) === null) return true;
        }
        return false;
    }
}
