import { ApiError } from "./ApiError.js";

/**
 * Hands out the model's parallel sequences ("slots") to requests. At most `slots` requests run at
 * once; up to `queueSize` more wait in FIFO order; beyond that a request is refused at once with
 * 503 + Retry-After, so an overloaded server answers fast instead of piling up work.
 *
 * A waiting request whose signal aborts (the client went away) leaves the queue immediately.
 */
export class SlotScheduler {
    private running = 0;
    private readonly waiting: { grant: (release: () => void) => void; fail: (error: unknown) => void }[] = [];

    constructor(
        readonly slots: number,
        readonly queueSize: number,
        /** Seconds to suggest in Retry-After when the queue is full. */
        readonly retryAfterSeconds = 1
    ) {}

    get active(): number {
        return this.running;
    }

    get queued(): number {
        return this.waiting.length;
    }

    /** Resolves with a release function once a slot is free. Call release exactly once. */
    acquire(signal?: AbortSignal): Promise<() => void> {
        if (signal?.aborted) return Promise.reject(signal.reason);
        if (this.running < this.slots) {
            this.running++;
            return Promise.resolve(this.releaser());
        }
        if (this.waiting.length >= this.queueSize) {
            return Promise.reject(
                new ApiError(503, `the server is busy: ${this.running} requests running and ${this.waiting.length} queued; retry later`, {
                    code: "queue_full",
                    headers: { "Retry-After": String(this.retryAfterSeconds) }
                })
            );
        }
        return new Promise((resolve, reject) => {
            const entry = {
                grant: (release: () => void) => {
                    signal?.removeEventListener("abort", onAbort);
                    resolve(release);
                },
                fail: reject
            };
            const onAbort = () => {
                const index = this.waiting.indexOf(entry);
                if (index >= 0) this.waiting.splice(index, 1);
                reject(signal?.reason);
            };
            signal?.addEventListener("abort", onAbort, { once: true });
            this.waiting.push(entry);
        });
    }

    /** Refuses everything still queued (used at shutdown). */
    rejectQueued(error: unknown): void {
        for (const entry of this.waiting.splice(0)) entry.fail(error);
    }

    private releaser(): () => void {
        let released = false;
        return () => {
            if (released) return;
            released = true;
            const next = this.waiting.shift();
            // The slot passes straight to the next waiter, so `running` stays the same.
            if (next !== undefined) next.grant(this.releaser());
            else this.running--;
        };
    }
}
