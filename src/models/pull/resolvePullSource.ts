import { UserError } from "../../util/errors.js";
import { findRegistryModel, modelRegistry, suggestRegistryNames, type RegistryModel } from "../registry/modelRegistry.js";

/** Where a model file comes from and what it must look like. */
export interface PullSource {
    /** The spec as given (registry name, `hf:…` or URL). */
    readonly spec: string;
    readonly url: string;
    /** File name inside the models directory. */
    readonly fileName: string;
    readonly expectedSha256: string | null;
    readonly expectedSize: number | null;
    /** Set for registry names. */
    readonly registryModel?: RegistryModel;
    /** Whether the URL is on the Hugging Face host (a token may be sent there). */
    readonly huggingFace: boolean;
}

export const DEFAULT_HF_BASE_URL = "https://huggingface.co";

/**
 * Turns a pull spec into a download URL:
 * - a registry name or alias (`meditron-7b-q4_k_m`, `meditron-7b`): its Hugging Face file, with the known sha256;
 * - `hf:<owner>/<repo>/<path/to/file.gguf>[#<revision>]` → `<hfBaseUrl>/<owner>/<repo>/resolve/<revision|main>/<path>`;
 * - an `https://` or `http://` URL, used as is.
 */
export function resolvePullSource(spec: string, options: { hfBaseUrl?: string } = {}): PullSource {
    const trimmed = spec.trim();
    const hfBaseUrl = (options.hfBaseUrl ?? DEFAULT_HF_BASE_URL).replace(/\/+$/, "");
    const registryModel = findRegistryModel(trimmed);
    if (registryModel) {
        const { repo, file, revision } = registryModel.source;
        return {
            spec: trimmed,
            url: huggingFaceUrl(hfBaseUrl, repo, file, revision),
            fileName: safeFileName(file.split("/").at(-1)!, trimmed),
            expectedSha256: registryModel.sha256,
            expectedSize: registryModel.sizeBytes,
            registryModel,
            huggingFace: true
        };
    }
    if (trimmed.startsWith("hf:")) {
        const [location = "", revision] = trimmed.slice(3).split("#", 2);
        const parts = location.split("/").filter((part) => part !== "");
        if (parts.length < 3) {
            throw new UserError(`invalid Hugging Face spec "${spec}"`, {
                expected: "hf:<owner>/<repo>/<file.gguf>, optionally followed by #<revision>",
                found: `${parts.length} path part(s)`,
                fix: "for example hf:TheBloke/meditron-7B-GGUF/meditron-7b.Q4_K_M.gguf"
            });
        }
        const repo = `${parts[0]}/${parts[1]}`;
        const file = parts.slice(2).join("/");
        return {
            spec: trimmed,
            url: huggingFaceUrl(hfBaseUrl, repo, file, revision || undefined),
            fileName: safeFileName(parts.at(-1)!, spec),
            expectedSha256: null,
            expectedSize: null,
            huggingFace: true
        };
    }
    if (/^https?:\/\//i.test(trimmed)) {
        let url: URL;
        try {
            url = new URL(trimmed);
        } catch {
            throw new UserError(`invalid URL "${spec}"`, { expected: "an http(s) URL of a .gguf file" });
        }
        const last = decodeURIComponent(url.pathname.split("/").filter((part) => part !== "").at(-1) ?? "");
        return { spec: trimmed, url: url.href, fileName: safeFileName(last, spec), expectedSha256: null, expectedSize: null, huggingFace: url.origin === hfBaseUrl };
    }
    const suggestions = suggestRegistryNames(trimmed);
    throw new UserError(`unknown model "${spec}"`, {
        expected: "a registry name (see `meditron models`), hf:<owner>/<repo>/<file.gguf>, or an http(s) URL",
        found: JSON.stringify(spec),
        fix: suggestions.length > 0 ? `did you mean ${suggestions.join(", ")}?` : `known names include ${modelRegistry.slice(0, 3).map((model) => model.name).join(", ")}`
    });
}

function huggingFaceUrl(base: string, repo: string, file: string, revision?: string): string {
    const encodedFile = file.split("/").map(encodeURIComponent).join("/");
    return `${base}/${repo}/resolve/${encodeURIComponent(revision ?? "main")}/${encodedFile}`;
}

/** The last path segment, refused when it could escape the models directory or is empty. */
function safeFileName(name: string, spec: string): string {
    if (name === "" || name === "." || name === ".." || /[\\/\0]/.test(name) || name.endsWith(".part")) {
        throw new UserError(`cannot derive a file name from "${spec}"`, { expected: "a URL or path that ends in a file name such as model.gguf", found: JSON.stringify(name) });
    }
    return name;
}
