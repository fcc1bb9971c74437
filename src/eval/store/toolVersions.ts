import { readFileSync } from "node:fs";
import path from "node:path";
import { packageRoot, packageVersion } from "../../util/packageInfo.js";

/**
 * Versions recorded in every results file. node-llama-cpp's version is read from its installed
 * package.json (not by importing it: only models/llama-cpp may import node-llama-cpp); null
 * when it is not installed.
 */
export function toolVersions(): { meditron: string; node: string; nodeLlamaCpp: string | null } {
    let nodeLlamaCpp: string | null = null;
    try {
        const manifest = JSON.parse(readFileSync(path.join(packageRoot(), "node_modules", "node-llama-cpp", "package.json"), "utf8")) as { version?: string };
        nodeLlamaCpp = manifest.version ?? null;
    } catch {
        nodeLlamaCpp = null;
    }
    return { meditron: packageVersion(), node: process.version, nodeLlamaCpp };
}
