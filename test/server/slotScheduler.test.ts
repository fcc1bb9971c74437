import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/server/ApiError.js";
import { SlotScheduler } from "../../src/server/SlotScheduler.js";

describe("SlotScheduler", () => {
    it("grants up to `slots` at once, queues FIFO up to `queueSize`, refuses the rest with 503", async () => {
        const scheduler = new SlotScheduler(2, 1, 3);
        const first = await scheduler.acquire();
        const second = await scheduler.acquire();
        let thirdGranted = false;
        const third = scheduler.acquire().then((release) => {
            thirdGranted = true;
            return release;
        });
        const refused = await scheduler.acquire().catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(ApiError);
        expect((refused as ApiError).status).toBe(503);
        expect((refused as ApiError).options.headers).toEqual({ "Retry-After": "3" });
        expect([scheduler.active, scheduler.queued]).toEqual([2, 1]);
        first();
        first(); // releasing twice must not free a second slot
        const release = await third;
        expect(thirdGranted).toBe(true);
        expect([scheduler.active, scheduler.queued]).toEqual([2, 0]);
        second();
        release();
        expect(scheduler.active).toBe(0);
    });

    it("drops a waiter whose signal aborts, and refuses an already aborted one", async () => {
        const scheduler = new SlotScheduler(1, 4);
        const held = await scheduler.acquire();
        const controller = new AbortController();
        const waiting = scheduler.acquire(controller.signal);
        expect(scheduler.queued).toBe(1);
        controller.abort(new Error("gone"));
        await expect(waiting).rejects.toThrow("gone");
        expect(scheduler.queued).toBe(0);
        await expect(scheduler.acquire(controller.signal)).rejects.toThrow("gone");
        held();
        expect(scheduler.active).toBe(0);
    });

    it("rejects everything queued at shutdown", async () => {
        const scheduler = new SlotScheduler(1, 4);
        await scheduler.acquire();
        const a = scheduler.acquire();
        const b = scheduler.acquire();
        scheduler.rejectQueued(new ApiError(503, "shutting down"));
        await expect(a).rejects.toThrow("shutting down");
        await expect(b).rejects.toThrow("shutting down");
    });
});
