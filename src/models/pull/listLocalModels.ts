import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { modelRegistry } from "../registry/modelRegistry.js";
import { readModelMetadata, type ModelFileMetadata } from "./modelMetadata.js";

/** A model file (or an interrupted download) found in the models directory. */
export interface LocalModel {
    readonly fileName: string;
    readonly path: string;
    readonly sizeBytes: number;
    /** True for a `.part` file: an interrupted download that `pull` will resume. */
    readonly partial: boolean;
    /** The registry entry this file is, when known. */
    readonly registryName?: string;
    readonly metadata?: ModelFileMetadata;
}

/** The `.gguf` files and `.gguf.part` downloads in `modelsDir`, by name. A missing directory is empty. */
export async function listLocalModels(modelsDir: string): Promise<LocalModel[]> {
    const directory = path.resolve(modelsDir);
    const names = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return [] as string[];
        throw error;
    });
    const models: LocalModel[] = [];
    for (const name of names.sort()) {
        const partial = name.endsWith(".gguf.part");
        if (!partial && !name.endsWith(".gguf")) continue;
        const filePath = path.join(directory, name);
        const info = await stat(filePath).catch(() => undefined);
        if (!info?.isFile()) continue;
        const fileName = partial ? name.slice(0, -".part".length) : name;
        const metadata = partial ? undefined : await readModelMetadata(filePath);
        const registryName = metadata?.registryName ?? modelRegistry.find((model) => model.source.file.split("/").at(-1) === fileName)?.name;
        models.push({
            fileName,
            path: filePath,
            sizeBytes: info.size,
            partial,
            ...(registryName !== undefined ? { registryName } : {}),
            ...(metadata !== undefined ? { metadata } : {})
        });
    }
    return models;
}
