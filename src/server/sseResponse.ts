/**
 * A text/event-stream response fed by `produce`. `send` writes one `data:` event; the stream
 * ends with `data: [DONE]` (OpenAI's terminator) after `produce` resolves. `cancelled` aborts when
 * the reader goes away, so generation can stop at once.
 */
export function sseResponse(
    produce: (send: (data: unknown) => void, cancelled: AbortSignal) => Promise<void>,
    headers: Record<string, string> = {}
): Response {
    const cancel = new AbortController();
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
        start(controller) {
            const send = (data: unknown) => {
                if (cancel.signal.aborted) return;
                controller.enqueue(encoder.encode(`data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`));
            };
            void produce(send, cancel.signal).then(
                () => {
                    send("[DONE]");
                    if (!cancel.signal.aborted) controller.close();
                },
                (error: unknown) => {
                    if (cancel.signal.aborted) return;
                    const body = typeof (error as { toJSON?: unknown })?.toJSON === "function" ? (error as { toJSON(): unknown }).toJSON() : { error: { message: "internal error", type: "server_error", param: null, code: null } };
                    send(body);
                    controller.close();
                }
            );
        },
        cancel() {
            cancel.abort(new DOMException("the client closed the stream", "AbortError"));
        }
    });
    return new Response(stream, {
        headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache", Connection: "keep-alive", ...headers }
    });
}
