/**
 * Finds stop strings in streamed text without ever emitting any part of them.
 *
 * Text that could still turn into a stop string (a suffix that is a prefix of one) is held back
 * until the next piece decides it, so a streaming consumer never sees "###" flash up and vanish.
 */
export class StopStringMatcher {
    private pending = "";
    private readonly stops: readonly string[];

    constructor(stops: readonly string[]) {
        this.stops = stops.filter((stop) => stop.length > 0);
    }

    /**
     * Adds decoded text. Returns the text that is now safe to emit, and whether a stop string
     * was found (everything from the stop string on is dropped).
     */
    push(text: string): { readonly emit: string; readonly stopped: boolean } {
        this.pending += text;
        if (this.stops.length === 0) return this.flush();

        let stopAt = -1;
        for (const stop of this.stops) {
            const index = this.pending.indexOf(stop);
            if (index !== -1 && (stopAt === -1 || index < stopAt)) stopAt = index;
        }
        if (stopAt !== -1) {
            const emit = this.pending.slice(0, stopAt);
            this.pending = "";
            return { emit, stopped: true };
        }

        const keep = this.longestPartialStopSuffix();
        const emit = this.pending.slice(0, this.pending.length - keep);
        this.pending = this.pending.slice(this.pending.length - keep);
        return { emit, stopped: false };
    }

    /** Releases the held-back text (generation ended without completing a stop string). */
    flush(): { readonly emit: string; readonly stopped: false } {
        const emit = this.pending;
        this.pending = "";
        return { emit, stopped: false };
    }

    /** Length of the longest suffix of the pending text that begins some stop string. */
    private longestPartialStopSuffix(): number {
        let longest = 0;
        for (const stop of this.stops) {
            const max = Math.min(stop.length - 1, this.pending.length);
            for (let length = max; length > longest; length--) {
                if (this.pending.endsWith(stop.slice(0, length))) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
