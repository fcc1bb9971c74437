import { UserError } from "../../util/errors.js";
import { cotProtocol, scCotProtocol } from "./cotProtocol.js";
import { loglikelihoodProtocol } from "./loglikelihoodProtocol.js";
import { paperGenerateProtocol } from "./paperGenerateProtocol.js";
import { PROTOCOL_NAMES, type Protocol, type ProtocolName } from "./Protocol.js";
import { topTokenProtocol } from "./topTokenProtocol.js";

export interface ProtocolSettings {
    /** paper-generate: tokens to generate (the runner derives the paper's value). */
    readonly paperMaxTokens?: number;
    /** cot / sc-cot: generation budget (default 1024, the paper's). */
    readonly cotMaxTokens?: number;
    /** sc-cot: number of samples (default 5, the paper's). */
    readonly samples?: number;
    /** sc-cot: sampling temperature (default 0.8). */
    readonly temperature?: number;
}

/** The protocol of that name, or a UserError listing the valid names. */
export function createProtocol(name: string, settings: ProtocolSettings = {}): Protocol {
    switch (requireProtocolName(name)) {
        case "top-token":
            return topTokenProtocol();
        case "paper-generate":
            return paperGenerateProtocol({ maxTokens: settings.paperMaxTokens ?? 1 });
        case "loglikelihood":
            return loglikelihoodProtocol();
        case "cot":
            return cotProtocol({ maxTokens: settings.cotMaxTokens });
        case "sc-cot":
            return scCotProtocol({ samples: settings.samples, temperature: settings.temperature, maxTokens: settings.cotMaxTokens });
    }
}

export function requireProtocolName(name: string): ProtocolName {
    if (!(PROTOCOL_NAMES as readonly string[]).includes(name)) {
        throw new UserError(`unknown protocol "${name}"`, {
            expected: `one of ${PROTOCOL_NAMES.join(", ")}`,
            found: JSON.stringify(name),
            fix: "see docs/evaluation.md for what each protocol measures"
        });
    }
    return name as ProtocolName;
}
