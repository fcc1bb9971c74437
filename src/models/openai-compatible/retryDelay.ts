/** HTTP statuses worth retrying: timeouts, rate limits, and server-side failures. */
export function isRetryableStatus(status: number): boolean {
    return status === 408 || status === 409 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * Delay before retry number `attempt` (0-based): exponential backoff with full jitter,
 * `random() * min(maxMs, baseMs * 2^attempt)`, so many clients retrying at once spread out.
 */
export function backoffDelayMs(attempt: number, options: { baseMs: number; maxMs: number; random?: () => number }): number {
    const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
    return Math.round((options.random ?? Math.random)() * ceiling);
}

/**
 * The wait a server asked for, in ms: `retry-after-ms` (OpenAI), or `Retry-After` as seconds or
 * an HTTP date. `undefined` when absent or unreadable.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
    const ms = headers.get("retry-after-ms");
    if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
    const value = headers.get("retry-after");
    if (value === null || value.trim() === "") return undefined;
    if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(signal.reason);
            return;
        }
        const onAbort = (): void => {
            clearTimeout(timer);
            reject(signal?.reason);
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}
