import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { safetyDataDirectory } from "../dataDirectory.js";
import { loadMedSafetyBench, loadSimpleSafetyTests, loadXsTest } from "../eval/safetyDataSets.js";

/** Word 3-gram Jaccard similarity at or above which a training sentence counts as a copy of a test item. */
export const OVERLAP_JACCARD = 0.5;

function shingles(text: string): Set<string> {
    const words = text.toLowerCase().replace(/[^a-z0-9 ]+/g, " ").split(/\s+/).filter((w) => w !== "");
    const out = new Set<string>();
    if (words.length < 3) out.add(words.join(" "));
    for (let i = 0; i + 3 <= words.length; i++) out.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
    return out;
}

/**
 * Indices of `texts` that are near-copies of any of `testTexts` (word 3-gram Jaccard >= minJaccard,
 * or the same words). The project's training sentences are written by people and models that may
 * have seen the public test sets: this is the decontamination check that keeps the measurements
 * honest. It only ever REMOVES training sentences; it tells nothing about which test items exist.
 */
export function findTestSetOverlap(texts: readonly string[], testTexts: readonly string[], minJaccard = OVERLAP_JACCARD): number[] {
    const testShingles = testTexts.map(shingles);
    const byShingle = new Map<string, number[]>();
    testShingles.forEach((set, i) => {
        for (const s of set) {
            const items = byShingle.get(s);
            if (items === undefined) byShingle.set(s, [i]);
            else items.push(i);
        }
    });
    const overlapping: number[] = [];
    texts.forEach((text, index) => {
        const own = shingles(text);
        const shared = new Map<number, number>();
        for (const s of own) for (const i of byShingle.get(s) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
        for (const [i, count] of shared) {
            if (count / (own.size + testShingles[i]!.size - count) >= minJaccard) { overlapping.push(index); return; }
        }
    });
    return overlapping;
}

/** Every item text of the three measurement-only safety sets (MedSafetyBench test, XSTest, SimpleSafetyTests). */
export function measurementOnlyTexts(safetyDataDir: string): string[] {
    return [...loadMedSafetyBench(safetyDataDir, "test"), ...loadXsTest(safetyDataDir), ...loadSimpleSafetyTests(safetyDataDir)].map((item) => item.text);
}

/**
 * Removes near-copies of test items from the given JSONL training files in place and prints how
 * many each file lost (never which: the test items stay unread).
 *   npx tsx src/safety/train/testSetOverlap.ts [--data ../shared/data/safety] FILE.jsonl ...
 */
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
    const args = process.argv.slice(2);
    const dataFlag = args.indexOf("--data");
    const dataDir = dataFlag >= 0 ? args.splice(dataFlag, 2)[1]! : path.resolve(safetyDataDirectory(), "../../../shared/data/safety");
    const tests = measurementOnlyTexts(dataDir);
    for (const file of args) {
        const lines = readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "");
        const drop = new Set(findTestSetOverlap(lines.map((line) => (JSON.parse(line) as { text: string }).text), tests));
        if (drop.size > 0) writeFileSync(file, `${lines.filter((_, i) => !drop.has(i)).join("\n")}\n`);
        console.log(`${file}: ${lines.length} lines, ${drop.size} removed as near-copies of test items`);
    }
}
