/**
 * A terminal progress bar for long work (downloads, evaluation runs, corpus builds).
 *
 * On a terminal it redraws one line in place; elsewhere (CI logs, pipes) it prints a plain line
 * every few seconds so logs stay readable. It shows done/total, percentage, rate and ETA; the
 * rate is measured over a sliding window so it follows speed changes and ignores work that was
 * already done before the bar started (a resumed download).
 *
 * ```ts
 * const bar = createProgressBar({ output: io.stderr, isTTY: io.isTTY, total: size, unit: "bytes", label: "model.gguf" });
 * bar.update(received);
 * bar.finish("done");
 * ```
 */
export interface ProgressBarOptions {
    /** Where to draw (usually stderr). */
    readonly output: { write(chunk: string): unknown };
    /** Redraw in place (true) or print a line every `lineIntervalMs` (false). */
    readonly isTTY: boolean;
    /** Total amount of work; `null`/absent when unknown (no percentage or ETA then). */
    readonly total?: number | null;
    /** How amounts are shown. Defaults to `"items"`. */
    readonly unit?: "items" | "bytes";
    /** Text in front of the bar. */
    readonly label?: string;
    /** Amount already done when the bar starts (counted in progress, not in the rate). Defaults to 0. */
    readonly initial?: number;
    /** Non-TTY: minimum time between printed lines. Defaults to 5000 ms. */
    readonly lineIntervalMs?: number;
    /** TTY: minimum time between redraws. Defaults to 100 ms. */
    readonly redrawIntervalMs?: number;
    /** TTY: width of the whole line in columns. Defaults to 80. */
    readonly columns?: number;
    /** Clock, for tests. Defaults to `Date.now`. */
    readonly now?: () => number;
}

export interface ProgressBar {
    /** Sets the amount done (and optionally a new total). Draws when the throttle allows. */
    update(done: number, total?: number | null): void;
    /** Adds to the amount done. */
    increment(by?: number): void;
    /** Draws the final state and ends the line. Further updates are ignored. */
    finish(message?: string): void;
    /** Current amount done. */
    readonly done: number;
    /** Current rate in units per second (0 until measurable). */
    readonly rate: number;
}

/** Samples older than this fall out of the rate window. */
const RATE_WINDOW_MS = 10_000;

export function createProgressBar(options: ProgressBarOptions): ProgressBar {
    const now = options.now ?? Date.now;
    const unit = options.unit ?? "items";
    const lineIntervalMs = options.lineIntervalMs ?? 5000;
    const redrawIntervalMs = options.redrawIntervalMs ?? 100;
    const columns = options.columns ?? 80;
    let total = options.total ?? null;
    let done = options.initial ?? 0;
    let finished = false;
    let lastDrawAt = Number.NEGATIVE_INFINITY;
    const samples: { at: number; done: number }[] = [{ at: now(), done }];

    const rate = (): number => {
        const first = samples[0];
        const last = samples[samples.length - 1];
        if (first === undefined || last === undefined) return 0;
        const seconds = (last.at - first.at) / 1000;
        return seconds > 0 ? Math.max(0, (last.done - first.done) / seconds) : 0;
    };

    const record = (): void => {
        const at = now();
        samples.push({ at, done });
        // Keep at least two samples so a rate stays measurable after a pause.
        while (samples.length > 2 && at - samples[0]!.at > RATE_WINDOW_MS) samples.shift();
    };

    const render = (message?: string): string => {
        const currentRate = rate();
        const parts: string[] = [];
        if (options.label) parts.push(options.label);
        const amount = total !== null ? `${formatAmount(done, unit)}/${formatAmount(total, unit)}` : formatAmount(done, unit);
        const percent = total !== null && total > 0 ? `${Math.min(100, Math.floor((done / total) * 100))}%` : undefined;
        const rateText = currentRate > 0 ? `${formatAmount(currentRate, unit)}/s` : undefined;
        const remaining = total !== null ? total - done : 0;
        const eta = !finished && total !== null && currentRate > 0 && remaining > 0 ? `ETA ${formatDuration((remaining / currentRate) * 1000)}` : undefined;
        const stats = [percent, amount, rateText, eta, message].filter((part): part is string => part !== undefined).join(" ");
        if (options.isTTY && total !== null && total > 0) {
            const fixed = parts.join(" ").length + stats.length + 4;
            const barWidth = Math.max(10, Math.min(40, columns - fixed));
            const filled = Math.round(Math.min(1, done / total) * barWidth);
            parts.push(`[${"#".repeat(filled)}${"-".repeat(barWidth - filled)}]`);
        }
        parts.push(stats);
        return parts.join(" ");
    };

    const draw = (force: boolean, message?: string): void => {
        const at = now();
        const interval = options.isTTY ? redrawIntervalMs : lineIntervalMs;
        if (!force && at - lastDrawAt < interval) return;
        lastDrawAt = at;
        const line = render(message);
        if (options.isTTY) options.output.write(`\r${line}\x1b[K${finished ? "\n" : ""}`);
        else options.output.write(`${line}\n`);
    };

    return {
        update(value: number, newTotal?: number | null): void {
            if (finished) return;
            done = value;
            if (newTotal !== undefined) total = newTotal;
            record();
            draw(false);
        },
        increment(by = 1): void {
            this.update(done + by);
        },
        finish(message?: string): void {
            if (finished) return;
            record();
            finished = true;
            draw(true, message);
        },
        get done(): number {
            return done;
        },
        get rate(): number {
            return rate();
        }
    };
}

function formatAmount(value: number, unit: "items" | "bytes"): string {
    if (unit === "bytes") return formatBytes(value);
    return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** `1536` → `"1.5 KiB"`. Binary units, one decimal from KiB up. */
export function formatBytes(bytes: number): string {
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let value = bytes;
    let index = 0;
    while (Math.abs(value) >= 1024 && index < units.length - 1) {
        value /= 1024;
        index += 1;
    }
    return index === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[index]}`;
}

/** `192_000` → `"3m12s"`; `4_500` → `"5s"`; hours shown as `"1h05m"`. */
export function formatDuration(milliseconds: number): string {
    const totalSeconds = Math.max(0, Math.ceil(milliseconds / 1000));
    const hours = Math.floor(totalSeconds / 3600);
    const minutes = Math.floor((totalSeconds % 3600) / 60);
    const seconds = totalSeconds % 60;
    if (hours > 0) return `${hours}h${String(minutes).padStart(2, "0")}m`;
    if (minutes > 0) return `${minutes}m${String(seconds).padStart(2, "0")}s`;
    return `${seconds}s`;
}
