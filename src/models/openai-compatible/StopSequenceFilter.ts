/**
 * Enforces stop strings on streamed text on the client side. Servers cap the number of stop
 * strings (OpenAI: 4) and some ignore them, so the backend checks them itself: text that could be
 * the beginning of a stop string is held back until it is known not to be one, so a caller never
 * sees (part of) a stop string.
 */
export class StopSequenceFilter {
    private held = "";
    private hasStopped = false;
    private readonly longest: number;

    constructor(private readonly stops: readonly string[]) {
        this.longest = stops.reduce((max, stop) => Math.max(max, stop.length), 0);
    }

    /** Whether a stop string was seen; everything after it is dropped. */
    get stopped(): boolean {
        return this.hasStopped;
    }

    /** Adds streamed text; returns the part that is safe to emit now. */
    push(text: string): string {
        if (this.hasStopped) return "";
        if (this.longest === 0) return text;
        this.held += text;
        let cut = -1;
        for (const stop of this.stops) {
            if (stop === "") continue;
            const at = this.held.indexOf(stop);
            if (at !== -1 && (cut === -1 || at < cut)) cut = at;
        }
        if (cut !== -1) {
            const out = this.held.slice(0, cut);
            this.held = "";
            this.hasStopped = true;
            return out;
        }
        const keep = this.partialStopSuffixLength(this.held);
        const out = this.held.slice(0, this.held.length - keep);
        this.held = this.held.slice(this.held.length - keep);
        return out;
    }

    /** Releases held-back text at the end of the stream (it was not a stop string). */
    flush(): string {
        const out = this.hasStopped ? "" : this.held;
        this.held = "";
        return out;
    }

    /** Length of the longest suffix of `text` that is a proper prefix of some stop string. */
    private partialStopSuffixLength(text: string): number {
        const max = Math.min(text.length, this.longest - 1);
        for (let length = max; length > 0; length--) {
            const suffix = text.slice(text.length - length);
            if (this.stops.some((stop) => stop.startsWith(suffix))) return length;
        }
        return 0;
    }
}
