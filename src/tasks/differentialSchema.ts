/**
 * JSON schemas of the differential-diagnosis task.
 *
 * `differentialGenerationSchema` constrains decoding (node-llama-cpp's JSON-schema grammar
 * subset): the model fills the diagnoses in order of likelihood. Lengths are bounded so a whole
 * answer always fits in the token budget and never gets cut off mid-JSON.
 *
 * `differentialAnswerSchema` is the published schema of the task's result (served at
 * GET /v1/meditron/schemas/differential.json): the same list with each entry's `rank` added.
 */
const findingList = (description: string) =>
    ({ type: "array", description, minItems: 1, maxItems: 3, items: { type: "string", minLength: 1, maxLength: 60 } }) as const;

const diagnosisProperties = {
    diagnosis: { type: "string", description: "Name of the possible diagnosis.", minLength: 1, maxLength: 60 },
    likelihood: { type: "string", description: "How likely it is given the case.", enum: ["high", "moderate", "low"] },
    supportingFindings: findingList("Findings in the case that support this diagnosis."),
    opposingFindings: findingList("Findings in the case that argue against it, or expected findings that are missing."),
    nextTests: findingList("Tests or examinations that would confirm or rule it out.")
} as const;

const diagnosisKeys = ["diagnosis", "likelihood", "supportingFindings", "opposingFindings", "nextTests"] as const;

export const differentialGenerationSchema = {
    type: "object",
    properties: {
        diagnoses: {
            type: "array",
            description: "Possible diagnoses, most likely first.",
            minItems: 1,
            maxItems: 3,
            items: { type: "object", properties: diagnosisProperties, required: diagnosisKeys, additionalProperties: false }
        }
    },
    required: ["diagnoses"],
    additionalProperties: false
} as const;

export const differentialAnswerSchema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://meditron.local/v1/meditron/schemas/differential.json",
    title: "MediTron differential diagnosis",
    description: "A ranked list of possible diagnoses for a case description. Not medical advice.",
    type: "object",
    properties: {
        diagnoses: {
            type: "array",
            minItems: 1,
            maxItems: 3,
            items: {
                type: "object",
                properties: { rank: { type: "integer", minimum: 1, description: "1 is the most likely." }, ...diagnosisProperties },
                required: ["rank", ...diagnosisKeys],
                additionalProperties: false
            }
        }
    },
    required: ["diagnoses"],
    additionalProperties: false
} as const;
