import { describe, expect, it } from "vitest";
import { runInOrder } from "../../src/eval/runInOrder.js";

describe("runInOrder", () => {
    it("starts tasks in input order, caps concurrency and returns results in input order", async () => {
        const started: number[] = [];
        let inFlight = 0;
        let maxInFlight = 0;
        const results = await runInOrder([5, 1, 4, 2, 3], 2, undefined, async (value, index) => {
            started.push(index);
            inFlight += 1;
            maxInFlight = Math.max(maxInFlight, inFlight);
            await new Promise((resolve) => setTimeout(resolve, value * 3));
            inFlight -= 1;
            return value * 10;
        });
        expect(results).toEqual([50, 10, 40, 20, 30]);
        expect(started).toEqual([0, 1, 2, 3, 4]);
        expect(maxInFlight).toBe(2);
    });

    it("stops starting work when aborted and rejects with the abort reason", async () => {
        const controller = new AbortController();
        const started: number[] = [];
        const promise = runInOrder([1, 2, 3, 4, 5, 6], 1, controller.signal, async (value) => {
            started.push(value);
            if (value === 2) controller.abort(new Error("stopped"));
            return value;
        });
        await expect(promise).rejects.toThrow("stopped");
        expect(started).toEqual([1, 2]);
    });

    it("rejects with the first task failure", async () => {
        await expect(runInOrder([1, 2], 2, undefined, async (value) => {
            if (value === 2) throw new Error("boom");
            return value;
        })).rejects.toThrow("boom");
    });
});
