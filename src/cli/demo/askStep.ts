import { getPromptFormat } from "../../prompts/chat/promptFormats.js";
import type { DemoStep } from "./DemoStep.js";

export const DEMO_QUESTION = "What are the first-line treatments for community-acquired pneumonia?";

/** Answers a medical question with MediTron's one-shot chat format through the real llama.cpp engine. */
export const askStep: DemoStep = {
    title: "Ask a medical question (MediTron one-shot format, llama.cpp engine)",
    async run(env) {
        const format = getPromptFormat("meditron-one-shot");
        const rendered = format.render({ messages: [{ role: "user", content: DEMO_QUESTION }] });
        env.say(`Q: ${DEMO_QUESTION}`);
        env.context.io.stdout.write("A: ");
        let started = false;
        const generation = await env.model.generate(rendered.prompt, {
            maxTokens: 40,
            temperature: 0.8,
            seed: 42,
            stop: rendered.stop,
            signal: env.context.signal,
            onText: (piece) => {
                const visible = started ? piece : piece.trimStart();
                if (visible.length > 0) started = true;
                env.context.io.stdout.write(visible);
            }
        });
        env.say();
        env.say(`(${generation.usage.promptTokens} prompt tokens, ${generation.usage.completionTokens} generated, stopped by ${generation.finishReason})`);
        env.say();
        env.say("This answer is noise: the demo model is synthetic (random weights, MediTron's real tokenizer).");
        env.say("For real answers, download a MediTron model and ask it:");
        env.say("  npx meditron pull meditron-7b");
        env.say(`  npx meditron ask --model meditron-7b "${DEMO_QUESTION}"`);
    }
};
