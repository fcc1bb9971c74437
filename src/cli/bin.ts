#!/usr/bin/env node
import { runCli } from "./main.js";

// First Ctrl-C asks the running command to stop and keep its results; a second one exits at once.
const controller = new AbortController();
let interrupts = 0;
process.on("SIGINT", () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    controller.abort(new Error("interrupted"));
});

const code = await runCli(process.argv.slice(2), undefined, controller.signal);
process.exitCode = code;
