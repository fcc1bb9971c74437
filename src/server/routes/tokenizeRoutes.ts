import type { Hono } from "hono";
import { promptToString } from "../../models/Prompt.js";
import { invalidField } from "../ApiError.js";
import type { AppEnv } from "../AppEnv.js";
import { readMessages } from "../chatPrompt.js";
import { optionalBoolean, requireObject } from "../readFields.js";
import { readJsonBody } from "../readJsonBody.js";
import type { ServerContext } from "../ServerContext.js";
import { checkModelField } from "./checkModelField.js";

/**
 * POST /tokenize and POST /detokenize in vLLM's shape, so lm-evaluation-harness and other
 * clients can count and map tokens with the served model's own tokenizer.
 */
export function tokenizeRoutes(app: Hono<AppEnv>, context: ServerContext): void {
    const model = context.model;
    const requireTokenizer = () => {
        if (!model.capabilities.tokenize) throw invalidField("model", `the model ${model.info.name} has no tokenizer endpoint`);
    };
    app.post("/tokenize", async (c) => {
        const body = requireObject(await readJsonBody(c));
        checkModelField(body, model.info.name);
        requireTokenizer();
        let text: string;
        if (body.messages !== undefined) text = promptToString(context.chatFormat.render(readMessages(body.messages)).prompt);
        else if (typeof body.prompt === "string") text = body.prompt;
        else throw invalidField("prompt", "`prompt` (a string) or `messages` is required");
        const addSpecial = optionalBoolean(body, "add_special_tokens") ?? true;
        const tokens = await model.tokenize(text, { specialTokens: body.messages !== undefined });
        // Local backends prepend BOS when they evaluate a prompt; count it as vLLM does.
        const bos = addSpecial ? await model.tokenize("<s>", { specialTokens: true }) : [];
        const withSpecial = bos.length === 1 ? [...bos, ...tokens] : tokens;
        return c.json({ count: withSpecial.length, max_model_len: model.info.contextSize ?? null, tokens: withSpecial });
    });
    app.post("/detokenize", async (c) => {
        const body = requireObject(await readJsonBody(c));
        checkModelField(body, model.info.name);
        requireTokenizer();
        const tokens = body.tokens;
        if (!Array.isArray(tokens)) throw invalidField("tokens", "`tokens` is required: an array of token ids");
        const vocabulary = model.info.vocabularySize;
        tokens.forEach((token: unknown, index) => {
            if (typeof token !== "number" || !Number.isInteger(token) || token < 0 || (vocabulary !== undefined && token >= vocabulary)) {
                throw invalidField(`tokens[${index}]`, `\`tokens[${index}]\` must be a token id between 0 and ${(vocabulary ?? 1) - 1}, found ${JSON.stringify(token)}`);
            }
        });
        return c.json({ prompt: await model.detokenize(tokens as number[]) });
    });
}
