import { describe, expect, it } from "vitest";
import { createProgressBar, formatBytes, formatDuration } from "../../src/util/progress.js";

function sink(): { output: { write(chunk: string): void }; text: () => string } {
    let text = "";
    return { output: { write: (chunk: string) => void (text += chunk) }, text: () => text };
}

describe("createProgressBar", () => {
    it("off a terminal prints a plain line at most every lineIntervalMs, and a final line", () => {
        let now = 0;
        const out = sink();
        const bar = createProgressBar({ output: out.output, isTTY: false, total: 100, label: "items", lineIntervalMs: 5000, now: () => now });
        for (let step = 1; step <= 100; step++) {
            now += 100;
            bar.update(step);
        }
        bar.finish("done");
        const lines = out.text().trim().split("\n");
        // 10 s of work: lines at 0.1 s, 5.1 s, then the final one.
        expect(lines).toHaveLength(3);
        expect(lines[0]).toMatch(/^items 1% 1\/100/);
        expect(lines[1]).toMatch(/^items 51% 51\/100 10\/s ETA 5s$/);
        expect(lines[2]).toBe("items 100% 100/100 10/s done");
        expect(out.text()).not.toContain("\r");
    });

    it("on a terminal redraws one line in place with a bar, rate and ETA in bytes", () => {
        let now = 0;
        const out = sink();
        const bar = createProgressBar({ output: out.output, isTTY: true, total: 10 * 1024 * 1024, unit: "bytes", label: "model.gguf", now: () => now });
        now = 1000;
        bar.update(1024 * 1024);
        expect(out.text()).toMatch(/^\rmodel\.gguf \[#+-+\] 10% 1\.0 MiB\/10\.0 MiB 1\.0 MiB\/s ETA 9s\x1b\[K$/);
        now = 1050;
        bar.update(2 * 1024 * 1024);
        expect(out.text().split("\r")).toHaveLength(2);
        bar.finish();
        expect(out.text().endsWith("\x1b[K\n")).toBe(true);
        expect(out.text().split("\r")).toHaveLength(3);
    });

    it("does not count resumed work in the rate, and handles an unknown total", () => {
        let now = 0;
        const out = sink();
        const bar = createProgressBar({ output: out.output, isTTY: false, unit: "bytes", initial: 5000, lineIntervalMs: 0, now: () => now });
        now = 2000;
        bar.update(7048);
        expect(bar.rate).toBe(1024);
        expect(out.text()).toBe("6.9 KiB 1.0 KiB/s\n");
        bar.increment(1);
        expect(bar.done).toBe(7049);
    });
});

describe("formatting", () => {
    it("formats bytes and durations", () => {
        expect(formatBytes(512)).toBe("512 B");
        expect(formatBytes(1536)).toBe("1.5 KiB");
        expect(formatBytes(4.08e9)).toBe("3.8 GiB");
        expect(formatDuration(4_500)).toBe("5s");
        expect(formatDuration(192_000)).toBe("3m12s");
        expect(formatDuration(3_900_000)).toBe("1h05m");
    });
});
