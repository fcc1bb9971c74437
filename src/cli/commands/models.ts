import type { RegisterCommand } from "../CliCommand.js";
import { listLocalModels, type LocalModel } from "../../models/pull/listLocalModels.js";
import { resolveModelsDir } from "../../models/pull/modelsDirectory.js";
import { modelRegistry } from "../../models/registry/modelRegistry.js";
import { formatBytes } from "../../util/progress.js";

interface ModelsFlags {
    modelsDir?: string;
    json?: boolean;
}

/** `meditron models`: the known MediTron GGUF files and what is in the models directory. */
export const registerModels: RegisterCommand = (program, context) => {
    program
        .command("models")
        .description("list the known MediTron GGUF models and the models downloaded locally")
        .option("--models-dir <dir>", "where models are stored (default: $MEDITRON_MODELS_DIR or ~/.cache/meditron/models)")
        .option("--json", "print JSON instead of a table")
        .action(async (flags: ModelsFlags) => {
            const { io } = context;
            const modelsDir = resolveModelsDir({ flag: flags.modelsDir, env: io.env });
            const local = await listLocalModels(modelsDir);
            const byFile = new Map<string, LocalModel>(local.map((model) => [model.fileName, model]));
            const status = (file: string): "downloaded" | "partial" | "-" => {
                const found = byFile.get(file);
                return found === undefined ? "-" : found.partial ? "partial" : "downloaded";
            };
            const registryFiles = new Set(modelRegistry.map((model) => model.source.file.split("/").at(-1)!));
            const others = local.filter((model) => !registryFiles.has(model.fileName));

            if (flags.json) {
                const registry = modelRegistry.map((model) => ({ ...model, status: status(model.source.file.split("/").at(-1)!) }));
                io.stdout.write(`${JSON.stringify({ modelsDir, registry, local }, null, 2)}\n`);
                return;
            }
            const rows = modelRegistry.map((model) => [
                model.name + (model.aliases.length > 0 ? ` (${model.aliases.join(", ")})` : ""),
                model.parameters,
                model.quantization,
                model.displaySize,
                String(model.contextLength),
                model.sha256 === null ? "unknown" : "known",
                status(model.source.file.split("/").at(-1)!),
                `${model.source.repo}/${model.source.file}`
            ]);
            io.stdout.write(table(["NAME", "PARAMS", "QUANT", "SIZE", "CTX", "SHA256", "LOCAL", "SOURCE (Hugging Face)"], rows));
            io.stdout.write("\nAll are base models (not instruction-tuned) under the Llama 2 Community License.\n");
            io.stdout.write(`\nModels directory: ${modelsDir}\n`);
            if (others.length === 0) {
                io.stdout.write(local.length === 0 ? "  (no models downloaded yet; try `meditron pull meditron-7b`)\n" : "");
            } else {
                io.stdout.write(table(["FILE", "SIZE", "STATE", "FROM"], others.map((model) => [model.fileName, formatBytes(model.sizeBytes), model.partial ? "partial" : "complete", model.metadata?.spec ?? "-"]), "  "));
            }
        });
};

function table(header: readonly string[], rows: readonly (readonly string[])[], indent = ""): string {
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    const line = (cells: readonly string[]): string => `${indent}${cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ")}\n`;
    return [header, ...rows].map(line).join("");
}
