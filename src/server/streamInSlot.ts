import type { Context } from "hono";
import { ApiError } from "./ApiError.js";
import type { AppEnv } from "./AppEnv.js";
import { abortError, acquireSlot, requestSignal } from "./requestSignal.js";
import type { ServerContext } from "./ServerContext.js";
import { sseResponse } from "./sseResponse.js";

/**
 * Answers a streaming request from inside a model slot, the way every streaming route does: the
 * slot is taken before answering (so a full queue is still a plain 503, not an event in the
 * stream), released when `produce` ends, and the request is recorded with the status it ended with.
 *
 * `produce` gets `send` and a signal that aborts on client disconnect, timeout or shutdown; when
 * that signal has fired, it returns early (after accounting usage) and this ends the stream with
 * the abort's error, or quietly when the client is gone (499).
 */
export async function streamInSlot(
    c: Context<AppEnv>,
    context: ServerContext,
    produce: (send: (data: unknown) => void, signal: AbortSignal) => Promise<void>
): Promise<Response> {
    const release = await acquireSlot(context, requestSignal(context, c.req.raw.signal));
    const end = c.get("track").defer();
    return sseResponse(async (send, cancelled) => {
        const signal = requestSignal(context, c.req.raw.signal, cancelled);
        let status = 200;
        try {
            await produce(send, signal);
            if (signal.aborted) {
                const error = abortError(signal, context);
                status = error.status;
                if (status !== 499) throw error;
            }
        } catch (error) {
            status = error instanceof ApiError ? error.status : 500;
            throw error;
        } finally {
            release();
            end(status);
        }
    });
}
