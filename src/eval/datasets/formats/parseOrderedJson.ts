import { UserError } from "../../../util/errors.js";

/** A JSON value whose objects keep their keys in file order (see {@link parseOrderedJson}). */
export type OrderedJson = null | boolean | number | string | OrderedJson[] | OrderedJsonObject;
export type OrderedJsonObject = Map<string, OrderedJson>;

/**
 * JSON.parse, except that objects become `Map`s in file order. Plain JS objects list
 * integer-like keys first in ascending order, which would silently reorder PubMedQA's
 * PMID-keyed files (the shot pool order decides which demonstrations the seed picks) and any
 * numeric answer texts in TruthfulQA's `mc1_targets` (whose order decides the gold and the
 * distractor draw). As in Python's json, a repeated key keeps its first position and last value.
 */
export function parseOrderedJson(text: string, file: string): OrderedJson {
    const parser = new Parser(text, file);
    parser.skipWhitespace();
    const value = parser.parseValue();
    parser.skipWhitespace();
    if (parser.index < text.length) parser.fail("end of the JSON document");
    return value;
}

class Parser {
    index = 0;
    constructor(private readonly text: string, private readonly file: string) {}

    fail(expected: string): never {
        const before = this.text.slice(0, this.index);
        const line = before.split("\n").length;
        const found = this.index < this.text.length ? JSON.stringify(this.text.slice(this.index, this.index + 20)) : "end of file";
        throw new UserError(`${this.file}:${line}: malformed JSON`, { expected, found, fix: "check the file is the unmodified benchmark file (re-download it)" });
    }

    skipWhitespace(): void {
        const t = this.text;
        while (this.index < t.length) {
            const c = t.charCodeAt(this.index);
            if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.index++;
            else break;
        }
    }

    parseValue(): OrderedJson {
        const c = this.text[this.index];
        if (c === "{") return this.parseObject();
        if (c === "[") return this.parseArray();
        if (c === '"') return this.parseString();
        if (c === "t" && this.text.startsWith("true", this.index)) {
            this.index += 4;
            return true;
        }
        if (c === "f" && this.text.startsWith("false", this.index)) {
            this.index += 5;
            return false;
        }
        if (c === "n" && this.text.startsWith("null", this.index)) {
            this.index += 4;
            return null;
        }
        return this.parseNumber();
    }

    private parseObject(): OrderedJsonObject {
        const object: OrderedJsonObject = new Map();
        this.index++;
        this.skipWhitespace();
        if (this.text[this.index] === "}") {
            this.index++;
            return object;
        }
        for (;;) {
            this.skipWhitespace();
            if (this.text[this.index] !== '"') this.fail("a quoted object key");
            const key = this.parseString();
            this.skipWhitespace();
            if (this.text[this.index] !== ":") this.fail("':' after an object key");
            this.index++;
            this.skipWhitespace();
            object.set(key, this.parseValue());
            this.skipWhitespace();
            const c = this.text[this.index];
            this.index++;
            if (c === ",") continue;
            if (c === "}") return object;
            this.index--;
            this.fail("',' or '}' in an object");
        }
    }

    private parseArray(): OrderedJson[] {
        const array: OrderedJson[] = [];
        this.index++;
        this.skipWhitespace();
        if (this.text[this.index] === "]") {
            this.index++;
            return array;
        }
        for (;;) {
            this.skipWhitespace();
            array.push(this.parseValue());
            this.skipWhitespace();
            const c = this.text[this.index];
            this.index++;
            if (c === ",") continue;
            if (c === "]") return array;
            this.index--;
            this.fail("',' or ']' in an array");
        }
    }

    private parseString(): string {
        const t = this.text;
        const start = this.index;
        let i = start + 1;
        let hasEscape = false;
        while (i < t.length) {
            const c = t.charCodeAt(i);
            if (c === 0x22) break;
            if (c === 0x5c) {
                hasEscape = true;
                i += 2;
                continue;
            }
            if (c < 0x20) {
                this.index = i;
                this.fail("no raw control characters inside a string");
            }
            i++;
        }
        if (i >= t.length) this.fail("a closing '\"' for the string");
        this.index = i + 1;
        if (!hasEscape) return t.slice(start + 1, i);
        try {
            return JSON.parse(t.slice(start, i + 1)) as string;
        } catch {
            this.index = start;
            return this.fail("a valid JSON string escape");
        }
    }

    private parseNumber(): number {
        const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.index, this.index + 64));
        if (match === null) this.fail("a JSON value");
        this.index += match[0].length;
        return Number(match[0]);
    }
}

/** Whether a parsed value is a JSON object (a Map in file order). */
export function isOrderedObject(value: OrderedJson | undefined): value is OrderedJsonObject {
    return value instanceof Map;
}
