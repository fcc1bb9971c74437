/** One server-sent event. `data` joins multi-line data fields with "\n". */
export interface ServerSentEvent {
    readonly event?: string;
    readonly data: string;
}

/**
 * Parses a text/event-stream body into events (WHATWG "server-sent events" rules, the parts
 * OpenAI-style servers use): lines may end in \n, \r\n or \r; `:` lines are comments; a blank line
 * dispatches the event; a network chunk can end anywhere, even inside a multi-byte character or
 * between \r and \n. Events without data are skipped. The `[DONE]` sentinel is passed through as
 * data; the caller decides what it means.
 */
export async function* parseSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<ServerSentEvent> {
    const decoder = new TextDecoder();
    let buffer = "";
    let dataLines: string[] = [];
    let eventName: string | undefined;
    // A chunk ending in "\r" may be followed by "\n" in the next chunk: remember to skip it.
    let skipLeadingNewline = false;

    const takeLine = (line: string): ServerSentEvent | undefined => {
        if (line === "") {
            if (dataLines.length === 0) {
                eventName = undefined;
                return undefined;
            }
            const event: ServerSentEvent = eventName === undefined ? { data: dataLines.join("\n") } : { event: eventName, data: dataLines.join("\n") };
            dataLines = [];
            eventName = undefined;
            return event;
        }
        if (line.startsWith(":")) return undefined;
        const colon = line.indexOf(":");
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "data") dataLines.push(value);
        else if (field === "event") eventName = value;
        return undefined;
    };

    const drain = function* (final: boolean): Generator<ServerSentEvent> {
        for (;;) {
            if (skipLeadingNewline && buffer.startsWith("\n")) buffer = buffer.slice(1);
            if (buffer.length > 0) skipLeadingNewline = false;
            const match = /\r\n|\n|\r/.exec(buffer);
            if (match === null) break;
            // A lone "\r" at the very end might be the first half of "\r\n": wait for more input.
            if (match[0] === "\r" && match.index === buffer.length - 1 && !final) {
                const line = buffer.slice(0, match.index);
                buffer = "";
                skipLeadingNewline = true;
                const event = takeLine(line);
                if (event) yield event;
                break;
            }
            const line = buffer.slice(0, match.index);
            buffer = buffer.slice(match.index + match[0].length);
            const event = takeLine(line);
            if (event) yield event;
        }
    };

    for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        yield* drain(false);
    }
    buffer += decoder.decode();
    yield* drain(true);
    // A stream that ends without the final blank line still delivers its last event.
    if (buffer !== "") {
        const event = takeLine(buffer);
        buffer = "";
        if (event) yield event;
    }
    const last = takeLine("");
    if (last) yield last;
}
