import path from "node:path";
import type { RegisterCommand } from "../CliCommand.js";
import { pullModel } from "../../models/pull/pullModel.js";
import { resolveModelsDir } from "../../models/pull/modelsDirectory.js";
import { createProgressBar, formatBytes, type ProgressBar } from "../../util/progress.js";

interface PullFlags {
    modelsDir?: string;
    force?: boolean;
    hfToken?: string;
}

/**
 * `meditron pull NAME|hf:<owner>/<repo>/<file>|URL`: download a GGUF model into the models
 * directory, resuming an interrupted download, with a progress bar (bytes, rate, ETA) on stderr.
 * Environment: MEDITRON_MODELS_DIR, HF_TOKEN (gated repositories), HF_ENDPOINT (a Hugging Face mirror).
 */
export const registerPull: RegisterCommand = (program, context) => {
    program
        .command("pull")
        .description("download a MediTron GGUF (registry name, hf:<owner>/<repo>/<file.gguf> or URL) into the models directory")
        .argument("<model>", "registry name (see `meditron models`), hf:<owner>/<repo>/<file.gguf>, or an http(s) URL")
        .option("--models-dir <dir>", "where models are stored (default: $MEDITRON_MODELS_DIR or ~/.cache/meditron/models)")
        .option("--force", "download again even if the file is already there")
        .option("--hf-token <token>", "Hugging Face token for gated repositories (default: $HF_TOKEN)")
        .action(async (spec: string, flags: PullFlags) => {
            const { io } = context;
            const modelsDir = resolveModelsDir({ flag: flags.modelsDir, env: io.env });
            const token = flags.hfToken ?? io.env.HF_TOKEN;
            const hfBaseUrl = io.env.HF_ENDPOINT;
            let bar: ProgressBar | undefined;
            let announcedResume = false;
            const result = await pullModel(spec, {
                modelsDir,
                signal: context.signal,
                ...(flags.force ? { force: true } : {}),
                ...(token ? { token } : {}),
                ...(hfBaseUrl ? { hfBaseUrl } : {}),
                onProgress: (progress) => {
                    if (progress.phase === "hashing" && !announcedResume) {
                        announcedResume = true;
                        io.stderr.write(`resuming: re-checking the ${formatBytes(progress.resumedFromBytes)} already downloaded\n`);
                    } else if (progress.phase === "downloading") {
                        bar ??= createProgressBar({
                            output: io.stderr,
                            isTTY: io.isTTY,
                            unit: "bytes",
                            total: progress.totalBytes,
                            initial: progress.resumedFromBytes,
                            label: path.basename(spec.split("/").at(-1) ?? spec)
                        });
                        bar.update(progress.receivedBytes, progress.totalBytes);
                    }
                }
            });
            bar?.finish();
            if (result.alreadyPresent) {
                io.stdout.write(`already downloaded: ${result.path}\n`);
                return;
            }
            const lines = [
                `path:    ${result.path}`,
                `size:    ${formatBytes(result.sizeBytes)} (${result.sizeBytes} bytes)`,
                `sha256:  ${result.sha256}`,
                `source:  ${result.url}`,
                ...(result.resumedFromBytes > 0 ? [`resumed: from ${formatBytes(result.resumedFromBytes)}`] : [])
            ];
            io.stdout.write(`${lines.join("\n")}\n`);
        });
};
