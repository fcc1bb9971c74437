import path from "node:path";
import { UserError } from "../util/errors.js";
import { readYamlObject } from "./rules/loadRuleFiles.js";

export interface Contact {
    readonly label: string;
    readonly number: string;
}

/** Emergency number and crisis lines of one country, from data/safety/locales.yaml. */
export interface EmergencyContacts {
    /** ISO country code, or "default" when the locale named no known country. */
    readonly country: string;
    readonly emergency: Contact;
    readonly crisis: readonly Contact[];
    readonly source: string;
}

/**
 * Resolves a locale ("en-GB", "en_US", "AU", "fr") to its country's contacts. A bare language
 * with no country ("en") and unknown countries get the "default" entry, which tells the user to
 * call their local emergency number rather than guessing a wrong one.
 */
export function resolveEmergencyContacts(locale: string | undefined, dataDirectory: string): EmergencyContacts {
    const table = readYamlObject(path.join(dataDirectory, "locales.yaml"));
    const country = countryOf(locale);
    if (locale !== undefined && locale !== "" && country === null) {
        throw new UserError(`unrecognised locale "${locale}"`, { expected: 'a locale like "en-GB", "en-US", "fr-FR" or a country code like "AU"', found: locale, fix: `use one of: ${Object.keys(table).filter((k) => k !== "default").join(", ")} (other countries fall back to "your local emergency number")` });
    }
    const entry = (key: string): Record<string, unknown> | undefined => {
        const value = table[key] as Record<string, unknown> | undefined;
        return typeof value?.sameAs === "string" ? (table[value.sameAs] as Record<string, unknown> | undefined) : value;
    };
    const key = country !== null && entry(country) !== undefined ? country : "default";
    const raw = entry(key);
    const emergency = raw?.emergency as Contact | undefined;
    const crisis = raw?.crisis as Contact[] | undefined;
    if (emergency === undefined || !Array.isArray(crisis)) throw new UserError(`locales.yaml: entry ${key} is incomplete`, { expected: "emergency and crisis", found: JSON.stringify(raw) });
    return { country: key, emergency, crisis, source: String(raw?.source ?? "") };
}

function countryOf(locale: string | undefined): string | null {
    if (locale === undefined || locale === "") return null;
    const parts = locale.trim().split(/[-_]/);
    const region = parts.find((p, i) => (i > 0 || parts.length === 1) && /^[A-Za-z]{2}$/.test(p) && (i > 0 || p === p.toUpperCase()));
    if (region !== undefined) return region.toUpperCase() === "UK" ? "GB" : region.toUpperCase();
    // A bare language code ("en", "fr") names no country.
    return /^[a-z]{2,3}$/.test(parts[0] ?? "") ? "" : null;
}

/** Fills {emergency} and {crisis} in advice text. */
export function fillContacts(template: string, contacts: EmergencyContacts): string {
    const crisis = contacts.crisis.map((c) => `${c.label}: ${c.number}`).join("; ");
    const emergency = contacts.country === "default" ? contacts.emergency.label : contacts.emergency.number;
    return template.replace(/\{emergency\}/g, emergency).replace(/\{crisis\}/g, crisis);
}
