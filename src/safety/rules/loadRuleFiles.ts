import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { UserError } from "../../util/errors.js";
import { RULE_EXEMPTIONS, type RuleExemption, type RuleFile, type RuleSpec } from "./RuleFile.js";

/** Reads and validates every *.yaml rule file in `directory`, sorted by file name. */
export function loadRuleFiles(directory: string): RuleFile[] {
    let names: string[];
    try {
        names = readdirSync(directory).filter((name) => name.endsWith(".yaml")).sort();
    } catch (error) {
        throw new UserError(`cannot read the safety rule directory ${directory}`, {
            expected: "a directory of *.yaml rule files", found: String(error), fix: "check the rules path (data/safety/rules)"
        });
    }
    return names.map((name) => validateRuleFile(parseYaml(path.join(directory, name)), path.join(directory, name)));
}

/** Reads a YAML file (lexicon, context settings) into a plain object. */
export function readYamlObject(file: string): Record<string, unknown> {
    const value = parseYaml(file);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        throw new UserError(`safety data file ${file} is not a YAML mapping`, { expected: "key: value lines", found: typeof value });
    }
    return value as Record<string, unknown>;
}

function parseYaml(file: string): unknown {
    try {
        return parse(readFileSync(file, "utf8"));
    } catch (error) {
        throw new UserError(`cannot read safety data file ${file}`, { expected: "valid YAML", found: String(error), fix: "fix the YAML syntax" });
    }
}

function validateRuleFile(value: unknown, file: string): RuleFile {
    const fail = (what: string, found: unknown): never => {
        throw new UserError(`invalid rule file ${file}`, { expected: what, found: JSON.stringify(found)?.slice(0, 120) ?? String(found), fix: "see docs/safety.md, section 'Adding a rule'" });
    };
    if (typeof value !== "object" || value === null) return fail("a mapping with category, label and rules", value);
    const record = value as Record<string, unknown>;
    if (typeof record.category !== "string" || record.category === "") return fail("a non-empty `category`", record.category);
    if (typeof record.label !== "string") return fail("a `label` string", record.label);
    if (!Array.isArray(record.rules) || record.rules.length === 0) return fail("a non-empty `rules` list", record.rules);
    const rules: RuleSpec[] = record.rules.map((rule: unknown) => {
        const r = rule as Record<string, unknown>;
        if (typeof r?.id !== "string" || !r.id.startsWith(`${String(record.category)}.`)) return fail(`rule ids starting with "${String(record.category)}."`, r?.id);
        if (!Array.isArray(r.all) || r.all.length === 0 || !r.all.every((p) => typeof p === "string")) return fail(`rule ${r.id}: a non-empty \`all\` list of patterns`, r.all);
        if (typeof r.source !== "string" || r.source.trim() === "") return fail(`rule ${r.id}: a \`source\` citing where it comes from`, r.source);
        if (r.unless !== undefined && typeof r.unless !== "string") return fail(`rule ${r.id}: \`unless\` as one pattern string`, r.unless);
        return { id: r.id, all: r.all as string[], source: r.source, ...(r.unless === undefined ? {} : { unless: r.unless as string }) };
    });
    const optional = (key: string): string | undefined => (typeof record[key] === "string" ? (record[key] as string) : undefined);
    const exemptions = record.exemptions;
    if (exemptions !== undefined && (!Array.isArray(exemptions) || !exemptions.every((e) => (RULE_EXEMPTIONS as readonly unknown[]).includes(e)))) {
        return fail(`\`exemptions\` as a list of ${RULE_EXEMPTIONS.join(", ")}`, exemptions);
    }
    return {
        category: record.category,
        label: record.label,
        rules,
        ...(optional("advice") === undefined ? {} : { advice: optional("advice") }),
        ...(optional("reason") === undefined ? {} : { reason: optional("reason") }),
        ...(optional("alternative") === undefined ? {} : { alternative: optional("alternative") }),
        ...(record.showCrisisLines === true ? { showCrisisLines: true } : {}),
        ...(exemptions === undefined ? {} : { exemptions: exemptions as RuleExemption[] })
    };
}
