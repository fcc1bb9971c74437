import readline from "node:readline";
import type { Command } from "commander";
import type { LanguageModel } from "../../models/LanguageModel.js";
import type { ChatMessage } from "../../prompts/chat/PromptFormat.js";
import { DEFAULT_PROMPT_FORMAT, getPromptFormat, promptFormatNames } from "../../prompts/chat/promptFormats.js";
import type { CliContext, RegisterCommand } from "../CliCommand.js";
import { addGenerationOptions, addModelOptions, generationOptions, openModel, type GenerationFlagValues, type ModelFlagValues } from "../modelOptions.js";
import { AnswerPrinter } from "./ask.js";

type ChatFlags = ModelFlagValues & GenerationFlagValues & { format: string; system?: string };

const help = "commands: /reset clears the conversation, /exit quits; Ctrl-C stops an answer, Ctrl-C on an empty line or Ctrl-D quits\n";

/**
 * `meditron chat --model M`: an interactive conversation. The whole history is re-rendered each
 * turn; the backend's prefix reuse means only the new turn is evaluated.
 */
export const registerChat: RegisterCommand = (program: Command, context: CliContext) => {
    const command = program.command("chat").description("chat with a model interactively (history kept, answers streamed)");
    addModelOptions(command);
    command
        .option("--format <name>", `prompt format: ${promptFormatNames.join(", ")}`, DEFAULT_PROMPT_FORMAT)
        .option("--system <text>", "replace the format's system message");
    addGenerationOptions(command);
    command.action(async (flags: ChatFlags) => {
        const format = getPromptFormat(flags.format);
        const sampling = generationOptions(flags);
        const model = await openModel(flags, { env: context.io.env, signal: context.signal });
        try {
            await runChat(model, context, (messages) => format.render({ ...(flags.system !== undefined ? { system: flags.system } : {}), messages }), sampling);
        } finally {
            await model.dispose();
        }
    });
};

async function runChat(
    model: LanguageModel,
    context: CliContext,
    render: (messages: readonly ChatMessage[]) => ReturnType<ReturnType<typeof getPromptFormat>["render"]>,
    sampling: ReturnType<typeof generationOptions>
): Promise<void> {
    const { io } = context;
    const terminal = (io.stdin as { isTTY?: boolean }).isTTY === true;
    const rl = readline.createInterface({ input: io.stdin, output: io.stdout, terminal, prompt: "> " });
    const history: ChatMessage[] = [];
    let answering: AbortController | undefined;

    // Ctrl-C in a terminal arrives here (readline owns the raw keyboard): stop the answer, or quit at the prompt.
    rl.on("SIGINT", () => {
        if (answering !== undefined) answering.abort();
        else rl.close();
    });
    // Ctrl-D in a terminal also stops a running answer; piped input just ends after its last line.
    rl.on("close", () => {
        if (terminal) answering?.abort();
    });
    // A SIGINT delivered to the process (non-terminal input) stops the answer and ends the session.
    const onProcessAbort = (): void => {
        answering?.abort();
        rl.close();
    };
    context.signal.addEventListener("abort", onProcessAbort, { once: true });

    // The "> " prompt is for people; piped transcripts get only the answers.
    const prompt = (): void => {
        if (terminal) rl.prompt();
    };
    io.stderr.write(`chatting with ${model.info.name}; ${help}`);
    try {
        prompt();
        for await (const line of rl) {
            const input = line.trim();
            if (input === "/exit" || input === "/quit") break;
            if (input === "/reset") {
                history.length = 0;
                io.stderr.write("[conversation cleared]\n");
            } else if (input.length > 0) {
                history.push({ role: "user", content: input });
                const rendered = render(history);
                const printer = new AnswerPrinter(io.stdout);
                answering = new AbortController();
                const generation = await model.generate(rendered.prompt, {
                    ...sampling,
                    stop: rendered.stop,
                    signal: answering.signal,
                    onText: (piece) => printer.write(piece)
                });
                answering = undefined;
                printer.end();
                if (generation.finishReason === "abort") {
                    // An interrupted exchange is dropped, so the next turn does not build on half an answer.
                    history.pop();
                    io.stderr.write("[answer stopped]\n");
                } else {
                    history.push({ role: "assistant", content: generation.text.trim() });
                }
            }
            prompt();
        }
    } finally {
        context.signal.removeEventListener("abort", onProcessAbort);
        rl.close();
    }
}
