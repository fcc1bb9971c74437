import type { LanguageModel } from "../models/LanguageModel.js";
import { UserError } from "../util/errors.js";
import { guardTask, UsageTally } from "./guardTask.js";
import type { TaskAnswer, TaskCallOptions } from "./TaskAnswer.js";
import { taskGenerateOptions } from "./taskGenerateOptions.js";

/** The sections of a disease description, in display order. */
export const diseaseSections = [
    { key: "overview", title: "Overview" },
    { key: "symptoms", title: "Symptoms" },
    { key: "causes", title: "Causes" },
    { key: "diagnosis", title: "Diagnosis" },
    { key: "treatment", title: "Treatment" },
    { key: "whenToSeeADoctor", title: "When to see a doctor" }
] as const;

export type DiseaseSectionKey = (typeof diseaseSections)[number]["key"];

export interface DiseaseResult {
    disease: string;
    sections: Record<DiseaseSectionKey, string>;
}

/**
 * Describes a named disease section by section (overview, symptoms, causes, diagnosis,
 * treatment, when to see a doctor). Each section is generated in turn with the previous ones in
 * the prompt, so the article stays coherent and every section is present even when the model
 * would rather ramble on about one of them.
 *
 * `maxTokens` is per section (default 160).
 */
export async function describeDisease(model: LanguageModel, disease: string, options: TaskCallOptions = {}): Promise<TaskAnswer<DiseaseResult>> {
    if (typeof disease !== "string" || disease.trim() === "") {
        throw new UserError("the disease name is empty", { expected: "a disease name such as \"type 2 diabetes\"", found: JSON.stringify(disease) });
    }
    const name = disease.trim();
    return guardTask("disease", model, name, options, async (onText) => {
        const usage = new UsageTally();
        const sections = {} as Record<DiseaseSectionKey, string>;
        let article = `The following is a patient-information article about ${name}, written by a physician.\n\n# ${name}\n`;
        let text = "";
        let finishReason: "stop" | "length" | "abort" = "stop";
        for (const section of diseaseSections) {
            if (options.signal?.aborted) {
                finishReason = "abort";
                sections[section.key] = "";
                continue;
            }
            const heading = `${text === "" ? "" : "\n\n"}## ${section.title}\n\n`;
            onText?.(heading);
            text += heading;
            article += `\n## ${section.title}\n`;
            const generation = await model.generate(article, {
                ...taskGenerateOptions(options, 160),
                stop: ["\n#", "###", "</s>"],
                onText
            });
            usage.add(generation.usage);
            if (generation.finishReason !== "stop") finishReason = generation.finishReason;
            const body = generation.text.trim();
            sections[section.key] = body;
            article += `${body}\n`;
            text += generation.text;
        }
        return { text: text.trim(), result: { disease: name, sections }, finishReason, usage: usage.toJSON() };
    });
}
