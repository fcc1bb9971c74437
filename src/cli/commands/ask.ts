import type { Command } from "commander";
import type { LanguageModel } from "../../models/LanguageModel.js";
import { DEFAULT_PROMPT_FORMAT, getPromptFormat, promptFormatNames } from "../../prompts/chat/promptFormats.js";
import { createSafetyGate } from "../../safety/createSafetyGate.js";
import { createSafetyLayer } from "../../safety/SafetyLayer.js";
import { formatTaskAnswer } from "../../tasks/formatTaskAnswer.js";
import { runTask, taskRequestFromFlags } from "../../tasks/runTask.js";
import { UserError } from "../../util/errors.js";
import type { CliContext, RegisterCommand } from "../CliCommand.js";
import { addGenerationOptions, addModelOptions, generationOptions, openModel, type GenerationFlagValues, type ModelFlagValues } from "../modelOptions.js";

type AskFlags = ModelFlagValues & GenerationFlagValues & { format: string; system?: string; task?: string; option?: string[]; json?: boolean };

/** `meditron ask --model M "question"`: one answer, streamed to stdout as it is generated. */
export const registerAsk: RegisterCommand = (program: Command, context: CliContext) => {
    const command = program
        .command("ask")
        .description("ask a model one question and stream its answer (use - to read the question from stdin)")
        .argument("<question>", "the question, or - for stdin");
    addModelOptions(command);
    command
        .option("--format <name>", `prompt format: ${promptFormatNames.join(", ")}`, DEFAULT_PROMPT_FORMAT)
        .option("--system <text>", "replace the format's system message")
        .option("--task <task>", "answer as a MediTron task: exam, health, disease or differential (screened by the safety layer)")
        .option("--option <text>", "an exam option (repeat for each; with --task exam)", (value: string, previous: string[] = []) => [...previous, value])
        .option("--json", "with --task: print the whole answer as JSON");
    addGenerationOptions(command);
    command.action(async (question: string, flags: AskFlags) => {
        const text = question === "-" ? await readAll(context.io.stdin) : question;
        if (text.trim().length === 0) throw new UserError("empty question", { expected: "a question as the argument or on stdin (with -)", found: "only whitespace" });
        if (flags.task !== undefined) {
            await askTask(text, flags, context);
            return;
        }
        const format = getPromptFormat(flags.format);
        const sampling = generationOptions(flags);
        const rendered = format.render({ ...(flags.system !== undefined ? { system: flags.system } : {}), messages: [{ role: "user", content: text }] });

        const model: LanguageModel = await openModel(flags, { env: context.io.env, signal: context.signal });
        try {
            const printer = new AnswerPrinter(context.io.stdout);
            const generation = await model.generate(rendered.prompt, {
                ...sampling,
                stop: rendered.stop,
                signal: context.signal,
                onText: (piece) => printer.write(piece)
            });
            printer.end();
            if (generation.finishReason === "length") context.io.stderr.write(`[answer cut at --max-tokens (${generation.usage.completionTokens} tokens)]\n`);
            if (generation.finishReason === "abort") {
                context.io.stderr.write("[interrupted]\n");
                context.exitCode = 130;
            }
        } finally {
            await model.dispose();
        }
    });
};

/** `ask --task`: one of the four MediTron tasks through the library, behind the safety layer. */
async function askTask(text: string, flags: AskFlags, context: CliContext): Promise<void> {
    const request = taskRequestFromFlags(flags.task!, text, flags.option ?? []);
    const sampling = generationOptions(flags);
    const safety = createSafetyGate(createSafetyLayer());
    const model = await openModel(flags, { env: context.io.env, signal: context.signal });
    try {
        const printer = flags.json === true ? undefined : new AnswerPrinter(context.io.stdout);
        const answer = await runTask(model, request, { ...sampling, safety, signal: context.signal, onText: printer === undefined ? undefined : (piece) => printer.write(piece) });
        if (printer !== undefined) {
            printer.end();
            context.io.stdout.write(formatTaskAnswer(answer, { streamed: true }));
        } else {
            context.io.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
        }
        if (answer.finishReason === "abort") context.exitCode = 130;
    } finally {
        await model.dispose();
    }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString("utf8");
}

/**
 * Writes a streamed answer (shared with `chat`): drops the whitespace the formats leave after "Assistant:" / "answer\n"
 * before the first visible character, and ends the answer with exactly one newline.
 */
export class AnswerPrinter {
    private started = false;
    private endsWithNewline = false;

    constructor(private readonly out: NodeJS.WritableStream) {}

    write(piece: string): void {
        const visible = this.started ? piece : piece.replace(/^\s+/, "");
        if (visible.length === 0) return;
        this.started = true;
        this.out.write(visible);
        this.endsWithNewline = visible.endsWith("\n");
    }

    end(): void {
        if (!this.endsWithNewline) this.out.write("\n");
        this.started = false;
        this.endsWithNewline = false;
    }
}
