import { colonSeparatedFormat } from "./colonSeparatedFormat.js";
import { LISTERIOSIS_EXEMPLAR } from "./meditronSystemMessages.js";

/**
 * The format of the MediTron paper's qualitative analysis (FastChat `one_shot_medical`): the
 * Llama-2 system message, one listeriosis exemplar, then `### User:` / `### Assistant:` turns.
 * The maintainers recommend it for the released (pretrained-only) base models.
 */
export const meditronOneShot = colonSeparatedFormat({
    name: "meditron-one-shot",
    description: "MediTron base models: Llama-2 system message, listeriosis exemplar, ### User: / ### Assistant: turns (paper App. E.1)",
    exemplar: [
        { role: "user", content: LISTERIOSIS_EXEMPLAR.question },
        { role: "assistant", content: LISTERIOSIS_EXEMPLAR.answer }
    ]
});
