import type { LoadedRun } from "../store/runDirectory.js";
import type { BenchmarkResult } from "../store/RunResults.js";
import { markdownReport, type MarkdownReportOptions } from "./markdownReport.js";
import { markdownToHtml } from "./markdownToHtml.js";
import { MMLU_SUBJECT_COLUMNS, normalizeSubject, PAPER_COLUMNS, PAPER_TABLE_4 } from "./paperResults.js";
import { reportRows, rowCalibration, type ReportRow } from "./reportRows.js";
import { escapeXml, groupedBarChart, reliabilityChart, type Bar } from "./svgCharts.js";

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:0.5rem 0 1rem}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}thead{background:#f3f3f3}code{font-size:12px;background:#f5f5f5;padding:0 3px}
.charts{display:flex;flex-wrap:wrap;gap:1.5rem}svg .title{font-weight:600;font-size:13px}svg .axis{font-size:11px;fill:#444}
svg .grid{stroke:#e5e5e5}svg .whisker{stroke:#222;stroke-width:1.2}svg .reference{stroke:#555;stroke-dasharray:4 3;stroke-width:1.5}
`;

const CHART_NOTE =
    "Whiskers: ±1 sample sd over seeds when several seeds ran, otherwise the 95% bootstrap interval. " +
    "Dashed lines: the paper's Table 4 MediTron-7B and MediTron-70B numbers. Calibration: accuracy against confidence in 10 equal-width bins (dot size grows with the bin's items).";

/**
 * A single self-contained HTML file: inline CSS and inline SVG charts (per benchmark with
 * interval whiskers and the paper's MediTron numbers as dashed reference lines, MMLU per
 * subject, calibration curve), followed by every table of the Markdown report. No scripts,
 * no external assets, no CDN.
 */
export function htmlReport(runs: readonly LoadedRun[], options: MarkdownReportOptions = {}): string {
    const rows = reportRows(runs);
    const charts: string[] = [benchmarkChart(rows)];
    const subjects = subjectChart(rows);
    if (subjects !== null) charts.push(subjects);
    const calibrated = rows
        .map((row) => ({ name: row.label, calibration: rowCalibration(row) }))
        .filter((entry): entry is { name: string; calibration: NonNullable<typeof entry.calibration> } => entry.calibration !== null);
    if (calibrated.length > 0) {
        charts.push(reliabilityChart("Calibration (all items and seeds)", calibrated.map((entry) => ({ name: entry.name, bins: entry.calibration.bins }))));
    }
    const body = markdownToHtml(markdownReport(runs, options));
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
        `<title>${escapeXml(`MediTron evaluation: ${rows.map((r) => r.label).join(", ")}`)}</title>`,
        `<style>${STYLE}</style></head><body>`,
        // The report's title first, then the charts, then the tables.
        body.replace("</h1>", `</h1>\n<div class="charts">${charts.join("\n")}</div>\n<p>${CHART_NOTE}</p>`),
        "</body></html>",
        ""
    ].join("\n");
}

function interval(result: BenchmarkResult | undefined): Bar {
    if (result === undefined) return { value: null };
    const { mean, sd } = result.summary.accuracy;
    if (sd !== null) return { value: mean, low: Math.max(0, mean - sd), high: Math.min(1, mean + sd) };
    const ci = result.perSeed[0]?.confidenceInterval;
    return ci === undefined ? { value: mean } : { value: mean, low: ci.low, high: ci.high };
}

function benchmarkChart(rows: readonly ReportRow[]): string {
    const references = PAPER_TABLE_4.filter((row) => row.model.startsWith("MediTron"));
    const extra = rows.some((row) => row.benchmarks.has("truthfulqa")) ? [{ benchmark: "truthfulqa", title: "TruthfulQA" }] : [];
    const groups = [...PAPER_COLUMNS, ...extra].map((column) => ({
        label: column.title,
        bars: rows.map((row) => interval(row.benchmarks.get(column.benchmark))),
        references: references
            .filter((paper) => paper.scores[column.benchmark] !== undefined)
            .map((paper) => ({ label: `paper ${paper.model}`, value: paper.scores[column.benchmark]!.mean / 100 }))
    }));
    return groupedBarChart("Accuracy per benchmark (%)", rows.map((row) => row.label), groups);
}

function subjectChart(rows: readonly ReportRow[]): string | null {
    const withMmlu = rows.filter((row) => row.benchmarks.has("mmlu-medical"));
    if (withMmlu.length === 0) return null;
    const groups = MMLU_SUBJECT_COLUMNS.map((column) => ({
        label: column.title,
        bars: withMmlu.map((row): Bar => {
            const subject = row.benchmarks.get("mmlu-medical")!.summary.perSubject.find((s) => normalizeSubject(s.group) === column.subject);
            if (subject === undefined) return { value: null };
            const { mean, sd } = subject.accuracy;
            return sd === null ? { value: mean } : { value: mean, low: Math.max(0, mean - sd), high: Math.min(1, mean + sd) };
        })
    }));
    return groupedBarChart("MMLU-Medical per subject (%)", withMmlu.map((row) => row.label), groups);
}
