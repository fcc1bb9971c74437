import { fileURLToPath } from "node:url";

/**
 * The package's data/safety directory (rules, locales, classifier weights). It sits two levels
 * above this file both in src/safety (tsx, tests) and in dist/safety (the published package).
 */
export function safetyDataDirectory(): string {
    return fileURLToPath(new URL("../../data/safety/", import.meta.url));
}
