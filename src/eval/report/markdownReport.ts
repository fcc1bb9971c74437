import type { LoadedRun } from "../store/runDirectory.js";
import { accuracyCell, percent, spreadCell } from "./formatScore.js";
import {
    MMLU_SUBJECT_COLUMNS, normalizeSubject, PAPER_COLUMNS, PAPER_TABLE_12_TOP_TOKEN, PAPER_TABLE_13, PAPER_TABLE_4, PAPER_TABLE_5,
    TRUTHFULQA_CATEGORIES, type PaperRow
} from "./paperResults.js";
import { reportRows, type ReportRow } from "./reportRows.js";

export interface MarkdownReportOptions {
    /** Also list the paper's Table 5 (task-finetuned models) rows. */
    readonly includeFinetuned?: boolean;
}

/**
 * The Markdown report of one or more runs: the paper's main table (our rows first, then the
 * paper's published rows for reference), a details table per row, MMLU-Medical per subject and
 * TruthfulQA per category when those were run.
 */
export function markdownReport(runs: readonly LoadedRun[], options: MarkdownReportOptions = {}): string {
    const rows = reportRows(runs);
    const out: string[] = ["# MediTron evaluation report", ""];
    out.push(...mainTable(rows, options), "");
    for (const row of rows) out.push(...detailsTable(row), "");
    const subjects = subjectTable(rows);
    if (subjects.length > 0) out.push(...subjects, "");
    const truthful = truthfulTable(rows);
    if (truthful.length > 0) out.push(...truthful, "");
    return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n";
}

function mainTable(rows: readonly ReportRow[], options: MarkdownReportOptions): string[] {
    const header = ["Model", ...PAPER_COLUMNS.map((c) => c.title), "Avg"];
    const lines = ["## Accuracy (%) in the paper's layout", "", tableRow(header), tableRow(header.map(() => "---"))];
    for (const row of rows) {
        const cells = PAPER_COLUMNS.map((column) => accuracyCell(row.benchmarks.get(column.benchmark)));
        const present = PAPER_COLUMNS.map((c) => row.benchmarks.get(c.benchmark)?.summary.accuracy.mean).filter((v): v is number => v !== undefined);
        const average = present.length === 0 ? "—" : `${percent(present.reduce((a, b) => a + b, 0) / present.length)}${present.length < PAPER_COLUMNS.length ? `*` : ""}`;
        lines.push(tableRow([`**${row.label}**`, ...cells, average]));
    }
    for (const paper of PAPER_TABLE_4) lines.push(tableRow(paperCells(`paper Table 4: ${paper.model} (${paper.model.includes("70B") ? 5 : 3}-shot, top-token)`, paper)));
    if (options.includeFinetuned) for (const paper of PAPER_TABLE_5) lines.push(tableRow(paperCells(`paper Table 5: ${paper.model}`, paper)));
    lines.push(
        "",
        "Our cells: mean±sd over seeds (sd = sample standard deviation, in points); with one seed, the accuracy and its 95% bootstrap interval. " +
            "`*` = average over the benchmarks this row has, not all five. Paper rows are the published numbers (their ± is over seeds 1234, 432, 32; " +
            "the paper does not say which statistic), shown for reference only."
    );
    return lines;
}

function paperCells(label: string, paper: PaperRow): string[] {
    return [
        `_${label}_`,
        ...PAPER_COLUMNS.map((c) => {
            const score = paper.scores[c.benchmark];
            if (score === undefined) return "—";
            // The paper prints the ± with three significant digits (51.1, 7.34, 0.90).
            return score.pm === undefined ? score.mean.toFixed(1) : `${score.mean.toFixed(1)}±${score.pm.toFixed(score.pm >= 10 ? 1 : 2)}`;
        }),
        paper.average.toFixed(1)
    ];
}

function detailsTable(row: ReportRow): string[] {
    const lines = [
        `## ${row.label}`,
        "",
        `Seeds: ${row.seeds.join(", ")}. Runs: ${row.directories.map((d) => `\`${d}\``).join(", ")}.`,
        "",
        tableRow(["Benchmark", "Items", "Accuracy", "95% CI (seed 1)", "Acc. over parseable", "Invalid", "Macro-F1", "ECE", "Brier", "acc_norm", "acc_bytes"]),
        tableRow(Array.from({ length: 11 }, () => "---"))
    ];
    const notes: string[] = [];
    for (const [name, result] of row.benchmarks) {
        const ci = result.perSeed[0]?.confidenceInterval;
        lines.push(
            tableRow([
                name,
                String(result.items),
                spreadCell(result.summary.accuracy),
                ci === undefined ? "—" : `${percent(ci.low)}–${percent(ci.high)}`,
                spreadCell(result.summary.accuracyOverParseable),
                spreadCell(result.summary.invalidRate),
                spreadCell(result.summary.macroF1),
                spreadCell(result.summary.expectedCalibrationError, 1, 3),
                spreadCell(result.summary.brierScore, 1, 3),
                spreadCell(result.summary.accNorm),
                spreadCell(result.summary.accBytes)
            ])
        );
        if (result.missingSubjects !== undefined && result.missingSubjects.length > 0) {
            notes.push(`${name}: subjects not evaluated because their files are absent: ${result.missingSubjects.join(", ")}.`);
        }
        for (const note of result.notes ?? []) notes.push(`${name}: ${note}`);
    }
    if (notes.length > 0) lines.push("", ...[...new Set(notes)].map((note) => `- ${note}`));
    return lines;
}

function subjectTable(rows: readonly ReportRow[]): string[] {
    const withMmlu = rows.filter((row) => row.benchmarks.has("mmlu-medical"));
    if (withMmlu.length === 0) return [];
    const header = ["Model", ...MMLU_SUBJECT_COLUMNS.map((c) => c.title)];
    const lines = ["## MMLU-Medical per subject (%)", "", tableRow(header), tableRow(header.map(() => "---"))];
    for (const row of withMmlu) {
        const perSubject = row.benchmarks.get("mmlu-medical")!.summary.perSubject;
        const bySubject = new Map(perSubject.map((s) => [normalizeSubject(s.group), s]));
        lines.push(tableRow([`**${row.label}**`, ...MMLU_SUBJECT_COLUMNS.map((c) => spreadCell(bySubject.get(c.subject)?.accuracy))]));
    }
    for (const paper of PAPER_TABLE_12_TOP_TOKEN) lines.push(tableRow([`_paper Table 12: ${paper.model}, top-token_`, ...paper.values.map((v) => v.toFixed(1))]));
    lines.push("", "Paper rows are task-finetuned models (Table 12); the paper publishes no per-subject numbers for in-context learning.");
    return lines;
}

function truthfulTable(rows: readonly ReportRow[]): string[] {
    const withTruthful = rows.filter((row) => row.benchmarks.has("truthfulqa"));
    if (withTruthful.length === 0) return [];
    const header = ["Model", ...TRUTHFULQA_CATEGORIES, "Avg"];
    const lines = ["## TruthfulQA medical categories (%)", "", tableRow(header), tableRow(header.map(() => "---"))];
    for (const row of withTruthful) {
        const bySubject = new Map(row.benchmarks.get("truthfulqa")!.summary.perSubject.map((s) => [s.group.toLowerCase(), s]));
        const values = TRUTHFULQA_CATEGORIES.map((c) => bySubject.get(c.toLowerCase())?.accuracy);
        const present = values.filter((v) => v !== undefined).map((v) => v!.mean);
        const average = present.length === 0 ? "—" : percent(present.reduce((a, b) => a + b, 0) / present.length);
        lines.push(tableRow([`**${row.label}**`, ...values.map((v) => spreadCell(v)), average]));
    }
    for (const paper of PAPER_TABLE_13) lines.push(tableRow([`_paper Table 13: ${paper.model}_`, ...paper.values.map((v) => v.toFixed(1)), paper.average.toFixed(1)]));
    return lines;
}

function tableRow(cells: readonly string[]): string {
    return `| ${cells.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`;
}
