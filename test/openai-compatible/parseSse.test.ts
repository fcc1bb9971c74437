import { describe, expect, it } from "vitest";
import { parseSse } from "../../src/models/openai-compatible/parseSse.js";
import { StopSequenceFilter } from "../../src/models/openai-compatible/StopSequenceFilter.js";
import { backoffDelayMs, retryAfterMs } from "../../src/models/openai-compatible/retryDelay.js";

async function collect(chunks: Uint8Array[]): Promise<{ event?: string; data: string }[]> {
    async function* source(): AsyncGenerator<Uint8Array> {
        yield* chunks;
    }
    const events = [];
    for await (const event of parseSse(source())) events.push(event);
    return events;
}

function bytewise(text: string): Uint8Array[] {
    return [...Buffer.from(text, "utf8")].map((byte) => Uint8Array.of(byte));
}

describe("parseSse", () => {
    const stream = ': comment\n\ndata: {"a":1}\n\nevent: note\ndata: line one\ndata: line two\n\ndata: é→🙂\r\n\r\ndata:[DONE]\n\n';
    const expected = [{ data: '{"a":1}' }, { event: "note", data: "line one\nline two" }, { data: "é→🙂" }, { data: "[DONE]" }];

    it("parses events, comments, multi-line data, CRLF and [DONE]", async () => {
        expect(await collect([Buffer.from(stream)])).toEqual(expected);
    });

    it("gives the same events when every byte arrives alone (split UTF-8, split CRLF)", async () => {
        expect(await collect(bytewise(stream))).toEqual(expected);
    });

    it("handles bare CR line endings and a last event without the final blank line", async () => {
        expect(await collect([Buffer.from("data: x\r\rdata: y")])).toEqual([{ data: "x" }, { data: "y" }]);
    });
});

describe("StopSequenceFilter", () => {
    it("holds back a possible stop prefix and cuts at the stop", () => {
        const filter = new StopSequenceFilter(["\n\nQuestion"]);
        expect(filter.push("yes\n")).toBe("yes");
        expect(filter.push("\nQues")).toBe("");
        expect(filter.push("tion: next")).toBe("");
        expect(filter.stopped).toBe(true);
        expect(filter.flush()).toBe("");
    });

    it("releases held text that turned out not to be a stop", () => {
        const filter = new StopSequenceFilter(["###"]);
        expect(filter.push("a #")).toBe("a ");
        expect(filter.push("# b")).toBe("## b");
        expect(filter.push("#")).toBe("");
        expect(filter.flush()).toBe("#");
        expect(filter.stopped).toBe(false);
    });
});

describe("retry delays", () => {
    it("reads Retry-After as seconds, as an HTTP date, and retry-after-ms", () => {
        expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
        expect(retryAfterMs(new Headers({ "retry-after": new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
        expect(retryAfterMs(new Headers({ "retry-after-ms": "150", "retry-after": "9" }))).toBe(150);
        expect(retryAfterMs(new Headers({}))).toBeUndefined();
    });

    it("backs off exponentially with full jitter, capped", () => {
        expect(backoffDelayMs(0, { baseMs: 100, maxMs: 1000, random: () => 1 })).toBe(100);
        expect(backoffDelayMs(3, { baseMs: 100, maxMs: 1000, random: () => 1 })).toBe(800);
        expect(backoffDelayMs(6, { baseMs: 100, maxMs: 1000, random: () => 1 })).toBe(1000);
        expect(backoffDelayMs(6, { baseMs: 100, maxMs: 1000, random: () => 0.5 })).toBe(500);
    });
});
