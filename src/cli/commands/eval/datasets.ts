import type { Command } from "commander";
import { listBenchmarks, type BenchmarkStatus } from "../../../eval/datasets/listBenchmarks.js";
import type { CliContext } from "../../CliCommand.js";
import { addDataDirOption, resolveDataDir } from "./dataDirOption.js";
import type { RegisterEvalSubcommand } from "./RegisterEvalSubcommand.js";

interface DatasetsFlags {
    data?: string;
    json?: boolean;
}

/** `meditron eval datasets`: each benchmark, the files it expects, which are present, where to get them. */
export const registerEvalDatasets: RegisterEvalSubcommand = (evalCommand: Command, context: CliContext) => {
    const command = evalCommand.command("datasets").description("list the benchmarks, the files each expects under the data directory, and which are present");
    addDataDirOption(command)
        .option("--json", "print one JSON object per benchmark instead of the table")
        .action((flags: DatasetsFlags) => {
            const dataDir = resolveDataDir(flags.data, context);
            const statuses = listBenchmarks(dataDir);
            const out = context.io.stdout;
            if (flags.json === true) {
                for (const status of statuses) out.write(`${JSON.stringify(toJson(status, dataDir))}\n`);
                return;
            }
            out.write(renderTable(statuses, dataDir));
        });
};

function toJson(status: BenchmarkStatus, dataDir: string): Record<string, unknown> {
    return {
        benchmark: status.name,
        description: status.spec.description,
        dataDir,
        status: status.status,
        items: status.spec.itemCount,
        files: status.files.map((file) => ({ path: file.path, role: file.role, optional: file.optional, present: file.present })),
        missingFiles: status.missingFiles,
        missingSubjects: status.missingSubjects,
        shots: status.spec.shotSource,
        trainAvailable: status.trainAvailable,
        obtain: status.spec.obtain
    };
}

function renderTable(statuses: readonly BenchmarkStatus[], dataDir: string): string {
    const rows = statuses.map((status) => {
        const required = status.files.filter((file) => !file.optional);
        const presentCount = required.filter((file) => file.present).length;
        return [
            status.name,
            status.status,
            String(status.spec.itemCount),
            `${presentCount}/${required.length}`,
            status.trainAvailable ? "train" : "--shots-from"
        ];
    });
    const header = ["benchmark", "status", "items", "files", "shots"];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
    const lines = [`data directory: ${dataDir}`, "", line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line), ""];
    for (const status of statuses) {
        lines.push(`${status.name}: ${status.spec.description}`);
        for (const file of status.files) {
            lines.push(`  ${file.present ? "present" : "missing"}  ${file.path}${file.optional ? ` (${file.role}, optional)` : ` (${file.role})`}`);
        }
        if (status.missingSubjects.length > 0) lines.push(`  missing subjects: ${status.missingSubjects.join(", ")}`);
        lines.push(`  shots: ${status.spec.shotSource}`);
        lines.push(`  obtain: ${status.spec.obtain}`);
        lines.push("");
    }
    return `${lines.join("\n")}`;
}
