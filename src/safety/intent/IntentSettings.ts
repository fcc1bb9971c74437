import { UserError } from "../../util/errors.js";
import type { RuleFile } from "../rules/RuleFile.js";

/** The `violence` section of data/safety/rules/intent.yaml. */
export interface ViolenceSettings extends Omit<RuleFile, "rules"> {
    readonly source: string;
    readonly verbs: readonly string[];
    readonly particleVerbs: Readonly<Record<string, readonly string[]>>;
    readonly irregular: Readonly<Record<string, string>>;
    readonly bodyParts: readonly string[];
    readonly skip: readonly string[];
    readonly people: readonly string[];
    readonly thingHeads: readonly string[];
    readonly notPeople: readonly string[];
    readonly propertyVerbs: readonly string[];
    readonly propertyExtras: readonly string[];
    readonly notProperty: readonly string[];
    readonly unless: string;
}

/** The `privacy` section of data/safety/rules/intent.yaml. */
export interface PrivacySettings extends Omit<RuleFile, "rules"> {
    readonly source: string;
    readonly identifiers: string;
    readonly personal: string;
    readonly institutions: readonly string[];
    readonly fictional: readonly string[];
    readonly unless: string;
    readonly sensitive: string;
    readonly strongIdentifiers: string;
}

export interface IntentSettings {
    readonly violence: ViolenceSettings;
    readonly privacy: PrivacySettings;
    readonly nonsenseDiscrimination: string;
}

/** Checks the shape of intent.yaml so a reviewer's edit fails with the key that is wrong. */
export function parseIntentSettings(raw: Record<string, unknown>, file: string): IntentSettings {
    const section = (name: string, keys: Record<string, "string" | "list" | "map">): Record<string, unknown> => {
        const value = raw[name];
        if (typeof value !== "object" || value === null) throw new UserError(`${file}: missing section \`${name}\``, { expected: "a mapping" });
        const record = value as Record<string, unknown>;
        for (const [key, kind] of Object.entries({ category: "string", label: "string", reason: "string", alternative: "string", source: "string", ...keys } as Record<string, "string" | "list" | "map">)) {
            const v = record[key];
            const ok = kind === "string" ? typeof v === "string" : kind === "list" ? Array.isArray(v) && v.every((x) => typeof x === "string") : typeof v === "object" && v !== null && !Array.isArray(v);
            if (!ok) throw new UserError(`${file}: \`${name}.${key}\` is invalid`, { expected: kind === "list" ? "a list of strings" : kind === "map" ? "a mapping" : "a string", found: JSON.stringify(v)?.slice(0, 60) ?? "nothing" });
        }
        return record;
    };
    return {
        violence: section("violence", { verbs: "list", particleVerbs: "map", irregular: "map", bodyParts: "list", skip: "list", people: "list", thingHeads: "list", notPeople: "list", propertyVerbs: "list", propertyExtras: "list", notProperty: "list", unless: "string" }) as unknown as ViolenceSettings,
        nonsenseDiscrimination: requireString(raw, "nonsenseDiscrimination", file),
        privacy: section("privacy", { identifiers: "string", personal: "string", institutions: "list", fictional: "list", unless: "string", sensitive: "string", strongIdentifiers: "string" }) as unknown as PrivacySettings
    };
}

function requireString(raw: Record<string, unknown>, key: string, file: string): string {
    const value = raw[key];
    if (typeof value !== "string") throw new UserError(`${file}: \`${key}\` is invalid`, { expected: "a regular-expression string", found: JSON.stringify(value)?.slice(0, 60) ?? "nothing" });
    return value;
}
