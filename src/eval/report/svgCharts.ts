import type { CalibrationBin } from "../metrics/calibration.js";

/**
 * Small inline SVG charts for the HTML report: no scripts, no external assets, so the report
 * opens offline and can be archived as one file. Values are fractions in [0, 1].
 */

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

export function seriesColor(index: number): string {
    return PALETTE[index % PALETTE.length]!;
}

export interface Bar {
    readonly value: number | null;
    /** Whisker ends (interval); omitted: no whisker. */
    readonly low?: number;
    readonly high?: number;
}

export interface BarGroup {
    readonly label: string;
    /** One bar per series, in series order (null value: not run). */
    readonly bars: readonly Bar[];
    /** Reference markers (the paper's numbers), drawn as labelled ticks across the group. */
    readonly references?: readonly { readonly label: string; readonly value: number }[];
}

/** Grouped vertical bars with interval whiskers, y axis 0-100%. */
export function groupedBarChart(title: string, series: readonly string[], groups: readonly BarGroup[]): string {
    const barWidth = 18;
    const groupGap = 30;
    const groupWidth = Math.max(1, series.length) * barWidth + groupGap;
    const left = 44;
    const top = 28;
    const plotHeight = 200;
    const width = left + groups.length * groupWidth + 20;
    const height = top + plotHeight + 56 + 16 * Math.max(0, series.length - 1);
    const y = (value: number) => top + plotHeight * (1 - Math.max(0, Math.min(1, value)));
    const parts: string[] = [];
    parts.push(`<text x="${left}" y="16" class="title">${escapeXml(title)}</text>`);
    for (let tick = 0; tick <= 100; tick += 20) {
        parts.push(`<line x1="${left}" x2="${width - 10}" y1="${y(tick / 100)}" y2="${y(tick / 100)}" class="grid"/>`);
        parts.push(`<text x="${left - 6}" y="${y(tick / 100) + 4}" class="axis" text-anchor="end">${tick}</text>`);
    }
    groups.forEach((group, g) => {
        const x0 = left + g * groupWidth + groupGap / 2;
        group.bars.forEach((bar, s) => {
            if (bar.value === null) return;
            const x = x0 + s * barWidth;
            parts.push(
                `<rect x="${x + 2}" y="${y(bar.value)}" width="${barWidth - 4}" height="${y(0) - y(bar.value)}" fill="${seriesColor(s)}"><title>${escapeXml(
                    `${series[s] ?? ""} · ${group.label}: ${(bar.value * 100).toFixed(1)}%${bar.low !== undefined && bar.high !== undefined ? ` [${(bar.low * 100).toFixed(1)}–${(bar.high * 100).toFixed(1)}]` : ""}`
                )}</title></rect>`
            );
            if (bar.low !== undefined && bar.high !== undefined) {
                const cx = x + barWidth / 2;
                parts.push(`<line x1="${cx}" x2="${cx}" y1="${y(bar.high)}" y2="${y(bar.low)}" class="whisker"/>`);
                parts.push(`<line x1="${cx - 4}" x2="${cx + 4}" y1="${y(bar.high)}" y2="${y(bar.high)}" class="whisker"/>`);
                parts.push(`<line x1="${cx - 4}" x2="${cx + 4}" y1="${y(bar.low)}" y2="${y(bar.low)}" class="whisker"/>`);
            }
        });
        for (const reference of group.references ?? []) {
            const w = Math.max(1, series.length) * barWidth;
            parts.push(
                `<line x1="${x0 - 3}" x2="${x0 + w + 3}" y1="${y(reference.value)}" y2="${y(reference.value)}" class="reference"><title>${escapeXml(
                    `${reference.label}: ${(reference.value * 100).toFixed(1)}%`
                )}</title></line>`
            );
        }
        parts.push(`<text x="${x0 + (series.length * barWidth) / 2}" y="${top + plotHeight + 16}" class="axis" text-anchor="middle">${escapeXml(group.label)}</text>`);
    });
    parts.push(legend(series, left, top + plotHeight + 36));
    return svg(width, height, parts);
}

/** Reliability diagram: accuracy against mean confidence per bin, one line per series, with the diagonal. */
export function reliabilityChart(title: string, series: readonly { readonly name: string; readonly bins: readonly CalibrationBin[] }[]): string {
    const left = 44;
    const top = 28;
    const size = 220;
    const width = left + size + 150;
    const height = top + size + 56 + 16 * Math.max(0, series.length - 1);
    const x = (value: number) => left + size * value;
    const y = (value: number) => top + size * (1 - value);
    const parts: string[] = [`<text x="${left}" y="16" class="title">${escapeXml(title)}</text>`];
    for (let tick = 0; tick <= 10; tick += 2) {
        const v = tick / 10;
        parts.push(`<line x1="${x(0)}" x2="${x(1)}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`);
        parts.push(`<text x="${left - 6}" y="${y(v) + 4}" class="axis" text-anchor="end">${v.toFixed(1)}</text>`);
        parts.push(`<text x="${x(v)}" y="${y(0) + 14}" class="axis" text-anchor="middle">${v.toFixed(1)}</text>`);
    }
    parts.push(`<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" class="reference"/>`);
    parts.push(`<text x="${x(0.5)}" y="${y(0) + 28}" class="axis" text-anchor="middle">confidence (probability of the chosen answer)</text>`);
    series.forEach((s, index) => {
        const points = s.bins.filter((b) => b.count > 0 && b.meanConfidence !== null && b.accuracy !== null);
        if (points.length > 1) {
            parts.push(`<polyline fill="none" stroke="${seriesColor(index)}" stroke-width="2" points="${points.map((b) => `${x(b.meanConfidence!)},${y(b.accuracy!)}`).join(" ")}"/>`);
        }
        for (const b of points) {
            parts.push(
                `<circle cx="${x(b.meanConfidence!)}" cy="${y(b.accuracy!)}" r="${Math.min(7, 2.5 + Math.log10(b.count + 1))}" fill="${seriesColor(index)}"><title>${escapeXml(
                    `${s.name}: bin ${b.lower.toFixed(1)}–${b.upper.toFixed(1)}, n=${b.count}, confidence ${b.meanConfidence!.toFixed(3)}, accuracy ${b.accuracy!.toFixed(3)}`
                )}</title></circle>`
            );
        }
    });
    parts.push(legend(series.map((s) => s.name), left, top + size + 44));
    return svg(width, height, parts);
}

function legend(names: readonly string[], x: number, y: number): string {
    return names
        .map((name, i) => `<rect x="${x}" y="${y + i * 16 - 9}" width="10" height="10" fill="${seriesColor(i)}"/><text x="${x + 14}" y="${y + i * 16}" class="axis">${escapeXml(name)}</text>`)
        .join("");
}

function svg(width: number, height: number, parts: readonly string[]): string {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height + 16}" viewBox="0 0 ${width} ${height + 16}" role="img">${parts.join("")}</svg>`;
}

/** Escapes text for XML/HTML content and attribute values. */
export function escapeXml(value: string): string {
    return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
