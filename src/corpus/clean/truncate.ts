import { lettersOnly, pyStrip } from "./sharedClean.js";

export interface TruncateRules {
    readonly starters?: readonly string[];
    readonly removers?: readonly string[];
    readonly stoppers?: readonly string[];
}

/**
 * MediTron's `truncate`: each line is compared (case-insensitive prefix) in four forms (raw, lower-stripped,
 * `#`-removed, letters-only). Output restarts at the first starter line, skips remover lines, stops at the
 * first stopper line and drops lines without letters.
 */
export function truncate(text: string, rules: TruncateRules): string {
    const starters = rules.starters?.map((s) => s.toLowerCase()) ?? [];
    const removers = rules.removers?.map((s) => s.toLowerCase()) ?? [];
    const stoppers = rules.stoppers?.map((s) => s.toLowerCase()) ?? [];
    const matches = (forms: readonly string[], prefixes: readonly string[]): boolean =>
        prefixes.some((p) => forms.some((f) => f.startsWith(p)));
    let out = "";
    let started = false;
    for (const line of text.split("\n")) {
        const lower = line.toLowerCase();
        const lineAn = lettersOnly(lower);
        const forms = [line, pyStrip(lower), pyStrip(lower.replace(/#/g, "")), lineAn];
        if (starters.length > 0 && !started && matches(forms, starters)) {
            out = `${line}\n`;
            started = true;
        } else if (removers.length > 0 && matches(forms, removers)) {
            continue;
        } else if (stoppers.length > 0 && matches(forms, stoppers)) {
            break;
        } else if (lineAn === "") {
            continue;
        } else {
            out += `${line}\n`;
        }
    }
    return pyStrip(out);
}
