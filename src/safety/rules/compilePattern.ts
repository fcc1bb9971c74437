import { UserError } from "../../util/errors.js";

/**
 * Expands {MACRO} references from the lexicon (recursively) and compiles the pattern. `where`
 * names the rule for error messages, so a typo in a rule file points at its id.
 */
export function compilePattern(pattern: string, lexicon: Readonly<Record<string, string>>, where: string, flags = "g"): RegExp {
    const expanded = expandMacros(pattern, lexicon, where, 0);
    try {
        return new RegExp(expanded, flags);
    } catch (error) {
        throw new UserError(`invalid regular expression in ${where}`, { expected: "a JavaScript regular expression", found: String(error), fix: "fix the pattern in the rule file" });
    }
}

function expandMacros(pattern: string, lexicon: Readonly<Record<string, string>>, where: string, depth: number): string {
    if (depth > 5) throw new UserError(`lexicon macros nest too deeply in ${where}`, { expected: "at most 5 levels", fix: "check data/safety/rules/lexicon.yaml for cycles" });
    return pattern.replace(/\{([A-Z][A-Z0-9_]*)\}/g, (_whole, name: string) => {
        const value = lexicon[name];
        if (value === undefined) throw new UserError(`unknown lexicon macro {${name}} in ${where}`, { expected: `one of ${Object.keys(lexicon).join(", ")}`, found: name, fix: "add it to data/safety/rules/lexicon.yaml or fix the spelling" });
        return `(?:${expandMacros(value, lexicon, where, depth + 1)})`;
    });
}
