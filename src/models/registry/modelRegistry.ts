/**
 * Known MediTron GGUF files that `meditron pull NAME` can fetch.
 *
 * EPFL released MediTron-7B and MediTron-70B as base models (continued pretraining of Llama-2 on
 * GAP-Replay; not instruction-tuned) in Hugging Face safetensors only (`epfl-llm/meditron-7b`,
 * `epfl-llm/meditron-70b`). The GGUF quantizations below are community conversions.
 *
 * Provenance: file names, the displayed sizes and the sha256 values come from the Hugging Face file
 * pages (the "Git LFS Details" of each file) of the named repositories. Sizes there are rounded
 * decimal GB, so exact byte counts are unknown (`sizeBytes: null`); a sha256 is given only where the
 * file page of that exact repository and file shows it, never copied from a look-alike re-upload.
 * An unknown hash is `null`, and pull then verifies only the GGUF magic and the server's length.
 */
export interface RegistryModel {
    /** Registry name, lower case: `meditron-<size>-<quant>`. */
    readonly name: string;
    /** Other names that resolve to this entry (`meditron-7b` → the recommended 7B file). */
    readonly aliases: readonly string[];
    readonly family: "meditron-7b" | "meditron-70b";
    /** Parameter count as usually quoted. */
    readonly parameters: "7B" | "70B";
    /** llama.cpp quantization type of the file. */
    readonly quantization: string;
    readonly source: {
        /** Hugging Face repository `owner/name`. */
        readonly repo: string;
        /** File inside the repository. */
        readonly file: string;
        /** Branch or commit. Defaults to main. */
        readonly revision?: string;
    };
    /** Exact size in bytes, or null when not known exactly. */
    readonly sizeBytes: number | null;
    /** The size as the Hugging Face page shows it (rounded), for display. */
    readonly displaySize: string;
    /** sha256 of the file as published, or null when unknown. */
    readonly sha256: string | null;
    readonly license: "Llama 2 Community License";
    /** Training context length in tokens (7B: 2048 per its config.json; 70B: 4096). */
    readonly contextLength: number;
    readonly description: string;
}

const LICENSE = "Llama 2 Community License" as const;
const THEBLOKE_7B = "TheBloke/meditron-7B-GGUF";
const THEBLOKE_70B = "TheBloke/meditron-70B-GGUF";
const QUANTFACTORY_7B = "QuantFactory/meditron-7b-GGUF";

function meditron7b(quantization: string, repo: string, displaySize: string, sha256: string | null, note: string, aliases: string[] = []): RegistryModel {
    return {
        name: `meditron-7b-${quantization.toLowerCase()}`,
        aliases,
        family: "meditron-7b",
        parameters: "7B",
        quantization,
        source: { repo, file: `meditron-7b.${quantization}.gguf` },
        sizeBytes: null,
        displaySize,
        sha256,
        license: LICENSE,
        contextLength: 2048,
        description: `MediTron-7B base model (EPFL; Llama-2-7B continued on GAP-Replay, not instruction-tuned), GGUF ${quantization}: ${note}`
    };
}

function meditron70b(quantization: string, displaySize: string, sha256: string, note: string, aliases: string[] = []): RegistryModel {
    return {
        name: `meditron-70b-${quantization.toLowerCase()}`,
        aliases,
        family: "meditron-70b",
        parameters: "70B",
        quantization,
        source: { repo: THEBLOKE_70B, file: `meditron-70b.${quantization}.gguf` },
        sizeBytes: null,
        displaySize,
        sha256,
        license: LICENSE,
        contextLength: 4096,
        description: `MediTron-70B base model (EPFL; Llama-2-70B continued on GAP-Replay, not instruction-tuned), GGUF ${quantization} by TheBloke: ${note}`
    };
}

/** Every known model file, smallest quantization first within each family. */
export const modelRegistry: readonly RegistryModel[] = [
    meditron7b("Q2_K", THEBLOKE_7B, "2.83 GB", null, "by TheBloke; smallest, noticeably lower quality"),
    meditron7b("Q3_K_M", THEBLOKE_7B, "3.3 GB", null, "by TheBloke; small, lower quality"),
    meditron7b("Q4_0", THEBLOKE_7B, "3.83 GB", "4b51ef2491cef2baac3156dcb1226408edb03a85eff69b2b5255e20de150d3ab", "by TheBloke; legacy 4-bit"),
    meditron7b("Q4_K_S", QUANTFACTORY_7B, "3.86 GB", "2d9e2a6d9561b3924896166a63b890304e83d553896c9c7b7d5c94f5acac163c", "by QuantFactory; 4-bit, slightly smaller than Q4_K_M"),
    meditron7b("Q4_K_M", THEBLOKE_7B, "4.08 GB", null, "by TheBloke; recommended balance of size and quality", ["meditron-7b"]),
    meditron7b("Q5_K_M", THEBLOKE_7B, "4.78 GB", null, "by TheBloke; 5-bit, close to full quality"),
    meditron7b("Q6_K", QUANTFACTORY_7B, "5.53 GB", null, "by QuantFactory; 6-bit"),
    meditron7b("Q8_0", QUANTFACTORY_7B, "7.16 GB", null, "by QuantFactory; 8-bit, nearly lossless"),
    meditron70b("Q2_K", "29.3 GB", "3c75e781b99f2118e39e91e83a1c91aebd5d42a982e9c68a9c9a350e37704dfd", "smallest, noticeably lower quality"),
    meditron70b("Q3_K_M", "33.2 GB", "f6d3d5190359405b6c8b5da1c74195561b851c5e9630782af421c0e261aa89f2", "small, lower quality"),
    meditron70b("Q4_0", "38.9 GB", "114ee391b58438fc799b355d48f59c9f20d9c72a970e823eae2394b2531e21d0", "legacy 4-bit"),
    meditron70b("Q4_K_S", "39.1 GB", "0dd180e0a4cd48f4055fba68b7c678389a929f3b5119b154f6b2047221940c91", "4-bit, slightly smaller than Q4_K_M"),
    meditron70b("Q4_K_M", "41.4 GB", "9695002f2bfad13f0635bec41b390decb8bf8220b8eebb4081c9d109eae24764", "recommended balance of size and quality", ["meditron-70b"]),
    meditron70b("Q5_K_M", "48.8 GB", "924801ff082f73a5b46c3d0c0b2df9d0e8a2230c551686011e1cc41a2a877595", "5-bit, close to full quality")
];

/** The entry for a registry name or alias (case-insensitive), or undefined. */
export function findRegistryModel(name: string): RegistryModel | undefined {
    const wanted = name.trim().toLowerCase();
    return modelRegistry.find((model) => model.name === wanted || model.aliases.includes(wanted));
}

/** Registry names close to `name` (shared prefix or small edit distance), for "did you mean" hints. */
export function suggestRegistryNames(name: string, limit = 3): string[] {
    // Compare without separators so "meditron-7b-q4km" and "meditron7b_q4_k_m" find "meditron-7b-q4_k_m".
    const simplify = (value: string): string => value.toLowerCase().replace(/[^a-z0-9]/g, "");
    const wanted = simplify(name);
    const names = modelRegistry.flatMap((model) => [model.name, ...model.aliases]);
    return names
        .map((candidate) => ({ candidate, distance: editDistance(wanted, simplify(candidate)) }))
        .filter(({ candidate, distance }) => distance <= Math.max(2, Math.floor(candidate.length / 4)) || simplify(candidate).startsWith(wanted))
        .sort((a, b) => a.distance - b.distance)
        .slice(0, limit)
        .map(({ candidate }) => candidate);
}

function editDistance(a: string, b: string): number {
    let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i++) {
        const current = [i];
        for (let j = 1; j <= b.length; j++) {
            current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
        }
        previous = current;
    }
    return previous[b.length]!;
}
