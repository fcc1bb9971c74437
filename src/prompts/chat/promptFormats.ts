import { UserError } from "../../util/errors.js";
import { chatmlQa } from "./chatmlQa.js";
import { meditronOneShot } from "./meditronOneShot.js";
import { meditronZeroShot } from "./meditronZeroShot.js";
import type { PromptFormat } from "./PromptFormat.js";
import { rawFormat } from "./rawFormat.js";

/** The built-in formats, by name. */
export const promptFormats: ReadonlyMap<string, PromptFormat> = new Map(
    [meditronOneShot, meditronZeroShot, chatmlQa, rawFormat].map((format) => [format.name, format])
);

export const promptFormatNames: readonly string[] = [...promptFormats.keys()];

/** The default for chatting with MediTron's released base models. */
export const DEFAULT_PROMPT_FORMAT = "meditron-one-shot";

/** The format with this name; throws a UserError listing the valid names otherwise. */
export function getPromptFormat(name: string): PromptFormat {
    const format = promptFormats.get(name);
    if (format === undefined) {
        throw new UserError(`unknown prompt format "${name}"`, { expected: `one of ${promptFormatNames.join(", ")}`, fix: "see docs/prompt-formats.md" });
    }
    return format;
}
