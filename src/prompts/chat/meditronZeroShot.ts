import { colonSeparatedFormat } from "./colonSeparatedFormat.js";

/** FastChat `zero_shot_medical`: meditron-one-shot without the exemplar. */
export const meditronZeroShot = colonSeparatedFormat({
    name: "meditron-zero-shot",
    description: "meditron-one-shot without the listeriosis exemplar",
    exemplar: []
});
