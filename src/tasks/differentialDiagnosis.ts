import { requireCapability, type LanguageModel } from "../models/LanguageModel.js";
import { UserError } from "../util/errors.js";
import { differentialGenerationSchema } from "./differentialSchema.js";
import { guardTask } from "./guardTask.js";
import type { DifferentialResult, RankedDiagnosis } from "./RankedDiagnosis.js";
import type { TaskAnswer, TaskCallOptions } from "./TaskAnswer.js";
import { taskGenerateOptions } from "./taskGenerateOptions.js";

export type { DifferentialResult, RankedDiagnosis } from "./RankedDiagnosis.js";

/** The prompt: the case, then the start of a JSON answer the grammar completes. */
export function differentialPrompt(caseDescription: string): string {
    return (
        "You are an experienced physician. Read the case and give a differential diagnosis: up to three possible diagnoses, " +
        "most likely first, each with the findings that support it, the findings that argue against it, and the next tests to order. " +
        "Answer in JSON.\n\n" +
        `Case: ${caseDescription.trim()}\n\nDifferential diagnosis (JSON):\n`
    );
}

/**
 * Produces a ranked differential diagnosis for a case description as JSON conforming to
 * `differentialAnswerSchema`, with grammar-constrained decoding (the model cannot emit anything
 * but JSON of the generation schema). `maxTokens` defaults to 1536, enough for the bounded schema.
 */
export async function differentialDiagnosis(
    model: LanguageModel,
    caseDescription: string,
    options: TaskCallOptions = {}
): Promise<TaskAnswer<DifferentialResult>> {
    if (typeof caseDescription !== "string" || caseDescription.trim() === "") {
        throw new UserError("the case description is empty", { expected: "a case description (age, sex, symptoms, findings)", found: JSON.stringify(caseDescription) });
    }
    requireCapability(model, "jsonSchema", "the differential is produced with JSON-schema constrained decoding");
    return guardTask("differential", model, caseDescription, options, async (onText) => {
        const generation = await model.generate(differentialPrompt(caseDescription), {
            ...taskGenerateOptions(options, 1536),
            jsonSchema: differentialGenerationSchema,
            onText
        });
        if (generation.finishReason === "abort") {
            return { text: generation.text, result: { diagnoses: [] }, finishReason: "abort", usage: { ...generation.usage } };
        }
        let parsed: { diagnoses: Omit<RankedDiagnosis, "rank">[] };
        try {
            parsed = JSON.parse(generation.text) as typeof parsed;
        } catch (error) {
            throw new UserError("the model's differential was cut off before the JSON was complete", {
                expected: "a complete JSON answer",
                found: `${generation.usage.completionTokens} tokens (${generation.finishReason})`,
                fix: "raise maxTokens or use a model with a larger context",
                cause: error
            });
        }
        const diagnoses = parsed.diagnoses.map((entry, index) => ({ rank: index + 1, ...entry }));
        return { text: differentialMarkdown(diagnoses), result: { diagnoses }, finishReason: generation.finishReason, usage: { ...generation.usage } };
    });
}

/** The differential as a Markdown table, for display where JSON is not rendered. */
export function differentialMarkdown(diagnoses: readonly RankedDiagnosis[]): string {
    const cell = (values: readonly string[]) => values.map((value) => value.replace(/\|/g, "\\|").replace(/\n/g, " ")).join("; ");
    const rows = diagnoses.map(
        (d) => `| ${d.rank} | ${cell([d.diagnosis])} | ${d.likelihood} | ${cell(d.supportingFindings)} | ${cell(d.opposingFindings)} | ${cell(d.nextTests)} |`
    );
    return ["| # | Diagnosis | Likelihood | Supporting | Opposing | Next tests |", "|---|---|---|---|---|---|", ...rows].join("\n");
}
