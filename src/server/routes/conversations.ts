import { randomUUID } from "node:crypto";
import type { Hono } from "hono";
import { isTaskName } from "../../tasks/runTask.js";
import { taskNames } from "../../tasks/TaskAnswer.js";
import { ApiError, invalidField } from "../ApiError.js";
import type { AppEnv } from "../AppEnv.js";
import { optionalString, requireObject } from "../readFields.js";
import type { ServerContext } from "../ServerContext.js";
import { readJsonBody } from "../readJsonBody.js";

/** The web app's history: list, create, read and delete conversations (SQLite, server-side). */
export function conversationRoutes(app: Hono<AppEnv>, context: ServerContext): void {
    const store = () => {
        if (context.conversations === undefined) throw new ApiError(404, "conversation history is off on this server (start it with --history FILE)", { code: "history_disabled" });
        return context.conversations;
    };
    app.get("/v1/meditron/conversations", (c) => c.json({ object: "list", data: store().list() }));
    app.post("/v1/meditron/conversations", async (c) => {
        const body = requireObject(await readJsonBody(c));
        const task = body.task ?? "health";
        if (!isTaskName(task)) throw invalidField("task", `\`task\` must be one of ${taskNames.join(", ")}`);
        const title = optionalString(body, "title") ?? "New conversation";
        return c.json(store().create(randomUUID(), title, task), 201);
    });
    app.get("/v1/meditron/conversations/:id", (c) => {
        const conversation = store().get(c.req.param("id"));
        if (conversation === undefined) throw new ApiError(404, `no conversation ${JSON.stringify(c.req.param("id"))}`, { param: "id", code: "conversation_not_found" });
        return c.json(conversation);
    });
    app.delete("/v1/meditron/conversations/:id", (c) => {
        if (!store().delete(c.req.param("id"))) throw new ApiError(404, `no conversation ${JSON.stringify(c.req.param("id"))}`, { param: "id", code: "conversation_not_found" });
        return c.json({ id: c.req.param("id"), deleted: true });
    });
    app.delete("/v1/meditron/conversations", (c) => c.json({ deleted: store().deleteAll() }));
}
