import { ApiError } from "./ApiError.js";
import type { ServerContext } from "./ServerContext.js";

/**
 * The signal one request's model work listens to: it aborts when the client disconnects, when
 * the per-request timeout passes, when the server's shutdown deadline passes, or when `extra`
 * aborts (a streaming response whose reader went away).
 */
export function requestSignal(context: ServerContext, clientSignal: AbortSignal, extra?: AbortSignal): AbortSignal {
    const signals = [clientSignal, context.shutdownSignal, AbortSignal.timeout(context.timeoutMs)];
    if (extra !== undefined) signals.push(extra);
    return AbortSignal.any(signals);
}

/** Turns an aborted request signal into the error to answer with (timeout → 504, shutdown → 503). */
export function abortError(signal: AbortSignal, context: ServerContext): ApiError {
    const reason: unknown = signal.reason;
    if (reason instanceof DOMException && reason.name === "TimeoutError") {
        return new ApiError(504, `the request took longer than the server's ${context.timeoutMs / 1000} s timeout`, { code: "timeout", type: "timeout_error" });
    }
    if (context.shutdownSignal.aborted) return new ApiError(503, "the server is shutting down", { code: "shutting_down" });
    return new ApiError(499, "the client closed the request", { code: "client_closed" });
}

/**
 * Runs `work` holding one of the model's sequences. The slot is released as soon as `work`
 * settles, which for an aborted generation is right after the backend stops.
 */
export async function withSlot<T>(context: ServerContext, signal: AbortSignal, work: () => Promise<T>): Promise<T> {
    const release = await acquireSlot(context, signal);
    try {
        return await work();
    } finally {
        release();
    }
}

/** Waits for a free sequence; a full queue is a 503, an abort while waiting the matching error. */
export async function acquireSlot(context: ServerContext, signal: AbortSignal): Promise<() => void> {
    try {
        return await context.scheduler.acquire(signal);
    } catch (error) {
        if (error instanceof ApiError) throw error;
        throw abortError(signal, context);
    }
}
