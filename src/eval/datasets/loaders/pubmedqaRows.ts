import type { BenchmarkItem } from "../BenchmarkItem.js";
import { isOrderedObject, parseOrderedJson, type OrderedJson } from "../formats/parseOrderedJson.js";
import { malformedRow, type RowContext } from "../formats/rowFields.js";

const LABELS = new Set(["yes", "no", "maybe"]);

/**
 * Parses a PQA-L file (`ori_pqal.json`, `test_set.json`, or any `{PMID: record}` object) into
 * items in file order: question = QUESTION, contexts = CONTEXTS, gold = final_decision,
 * explanation = LONG_ANSWER. Ids are the PMIDs.
 */
export function parsePqalItems(text: string, file: string): BenchmarkItem[] {
    const root = parseOrderedJson(text, file);
    const format = "PubMedQA PQA-L JSON ({PMID: record})";
    if (!isOrderedObject(root)) throw malformedRow({ file, line: 0, format }, "a JSON object keyed by PMID", describe(root));
    const items: BenchmarkItem[] = [];
    for (const [pmid, value] of root) {
        const ctx: RowContext = { file, line: 0, format: `${format}, PMID ${pmid}` };
        if (!isOrderedObject(value)) throw malformedRow(ctx, "a record object", describe(value));
        const question = value.get("QUESTION");
        if (typeof question !== "string") throw malformedRow(ctx, 'a string "QUESTION"', describe(question));
        const contexts = value.get("CONTEXTS");
        if (!Array.isArray(contexts) || !contexts.every((c): c is string => typeof c === "string")) {
            throw malformedRow(ctx, '"CONTEXTS" as a list of strings', describe(contexts));
        }
        const decision = value.get("final_decision");
        if (typeof decision !== "string" || !LABELS.has(decision)) throw malformedRow(ctx, '"final_decision" yes, no or maybe', describe(decision));
        const longAnswer = value.get("LONG_ANSWER");
        items.push({
            benchmark: "pubmedqa",
            id: pmid,
            question,
            contexts,
            gold: decision,
            ...(typeof longAnswer === "string" ? { explanation: longAnswer } : {})
        });
    }
    return items;
}

/** Parses `test_ground_truth.json` (`{PMID: "yes"|"no"|"maybe"}`) in file order. */
export function parseGroundTruth(text: string, file: string): Array<[string, string]> {
    const root = parseOrderedJson(text, file);
    const format = "PubMedQA test_ground_truth.json ({PMID: label})";
    if (!isOrderedObject(root)) throw malformedRow({ file, line: 0, format }, "a JSON object keyed by PMID", describe(root));
    const pairs: Array<[string, string]> = [];
    for (const [pmid, label] of root) {
        if (typeof label !== "string" || !LABELS.has(label)) {
            throw malformedRow({ file, line: 0, format: `${format}, PMID ${pmid}` }, "yes, no or maybe", describe(label));
        }
        pairs.push([pmid, label]);
    }
    return pairs;
}

function describe(value: OrderedJson | undefined): unknown {
    if (value instanceof Map) return "an object";
    if (Array.isArray(value)) return "a list";
    return value;
}
