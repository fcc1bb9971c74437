import path from "node:path";
import type { RegisterCommand } from "../CliCommand.js";
import { readGgufInfo } from "../../models/gguf/readGgufInfo.js";
import type { GgufModelSummary, TokenRef } from "../../models/gguf/summarizeGgufModel.js";
import { formatBytes, formatCount } from "../../models/gguf/formatSize.js";

/** `meditron info FILE`: what a GGUF model file is, read from its header only. */
export const registerInfoCommand: RegisterCommand = (program, context) => {
    program
        .command("info")
        .description("describe a GGUF model file: architecture, parameters, quantization, context, tokenizer")
        .argument("<file>", "a .gguf model file")
        .option("--json", "print machine-readable JSON")
        .action(async (file: string, flags: { json?: boolean }) => {
            const summary = await readGgufInfo(path.resolve(file));
            context.io.stdout.write(flags.json === true ? JSON.stringify(summary, null, 2) + "\n" : formatSummary(summary));
        });
};

function formatSummary(s: GgufModelSummary): string {
    const token = (t: TokenRef | undefined): string => (t === undefined ? "none" : `${t.id}${t.text === undefined ? "" : ` ${t.text}`}`);
    const types = Object.entries(s.tensorTypes).map(([type, n]) => `${type} ×${n}`).join(", ");
    const rows: [string, string | undefined][] = [
        ["file", s.path],
        ["name", s.name],
        ["architecture", s.architecture],
        ["parameters", `${formatCount(s.parameterCount)} (${s.parameterCount})`],
        ["file type", s.fileType === undefined ? undefined : `${s.fileType.name} (${s.fileType.id})`],
        ["tensor types", types],
        ["tensors", String(s.tensorCount)],
        ["context length", s.contextLength?.toString()],
        ["layers", s.layers?.toString()],
        ["embedding", s.embeddingLength?.toString()],
        ["heads", s.headCount?.toString()],
        ["tokenizer", s.tokenizerModel],
        ["vocabulary", s.vocabularySize?.toString()],
        ["BOS", token(s.specialTokens.bos)],
        ["EOS", token(s.specialTokens.eos)],
        ["UNK", token(s.specialTokens.unk)],
        ["PAD", token(s.specialTokens.pad)],
        ["added tokens", s.addedTokens.length === 0 ? "none" : `${s.addedTokens.length}: ${s.addedTokens.map((t) => `${t.id} ${t.text}`).join(", ")}`],
        ["file size", `${formatBytes(s.fileSize)} (${s.fileSize} bytes)`],
        ["GGUF version", String(s.ggufVersion)]
    ];
    return rows.filter(([, v]) => v !== undefined).map(([k, v]) => `${(k + ":").padEnd(16)}${v}`).join("\n") + "\n";
}
