/** A regex substitution stored as data (Python `re.sub` semantics translated to a JS RegExp). */
export interface RegexRule {
    readonly pattern: string;
    /** JS flags; `g` is always added. `u` is used where Python's Unicode-aware `\w`/`\b` matter. */
    readonly flags?: string;
    readonly replacement: string;
}

const compiled = new Map<string, RegExp>();

/** Applies rules in order, like consecutive `re.sub` calls. */
export function applyRegexRules(text: string, rules: readonly RegexRule[]): string {
    let out = text;
    for (const rule of rules) out = out.replace(compileRule(rule), rule.replacement);
    return out;
}

export function compileRule(rule: { pattern: string; flags?: string }): RegExp {
    const key = `${rule.flags ?? ""}/${rule.pattern}`;
    let re = compiled.get(key);
    if (re === undefined) {
        const flags = rule.flags ?? "";
        re = new RegExp(rule.pattern, flags.includes("g") ? flags : `${flags}g`);
        compiled.set(key, re);
    }
    re.lastIndex = 0;
    return re;
}
