import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LanguageModel } from "../../src/models/LanguageModel.js";
import type { RunningServer } from "../../src/server/startServer.js";
import { createSafetyGate } from "../../src/safety/createSafetyGate.js";
import { createSafetyLayer } from "../../src/safety/SafetyLayer.js";
import { directoryEvaluationRuns } from "../../src/server/EvaluationRuns.js";
import { loadTinyModel, startTestServer } from "../server/serverFixture.js";
import { readJson } from "../helpers/readJson.js";

/** A small results.json as `meditron eval run` writes it (two benchmarks, calibration bins). */
async function writeRun(directory: string): Promise<void> {
    await mkdir(directory, { recursive: true });
    const spread = (mean: number) => ({ mean, sd: 0.02, n: 3, values: [mean - 0.02, mean, mean + 0.02] });
    const bins = [0.3, 0.5, 0.7, 0.9].map((c) => ({ lower: c - 0.1, upper: c + 0.1, count: 20, meanConfidence: c, accuracy: c - 0.1 }));
    const benchmark = (name: string, accuracy: number) => ({
        benchmark: name,
        files: [],
        items: 100,
        summary: { accuracy: spread(accuracy), accuracyOverParseable: null, invalidRate: spread(0.03), perSubject: [] },
        perSeed: [{ seed: 1234, n: 100, accuracy, accuracyOverParseable: null, invalidRate: 0.03, confidenceInterval: { lower: 0, upper: 1 }, perSubject: [], calibrationBins: bins, expectedCalibrationError: 0.1 }]
    });
    await writeFile(
        path.join(directory, "results.json"),
        JSON.stringify({
            schemaVersion: 1,
            model: { backend: "llama-cpp", name: "meditron-7b", source: "x.gguf" },
            protocol: "top-token",
            seeds: [1234, 432, 32],
            settings: {},
            benchmarks: [benchmark("medqa4", 0.42), benchmark("pubmedqa", 0.61)],
            timings: { startedAt: "2026-11-01T10:00:00Z", finishedAt: "2026-11-01T11:00:00Z", wallSeconds: 3600, itemsPerSecond: 1, requests: { cached: 0, new: 200 } },
            versions: { meditron: "0.1.0", node: "v20", nodeLlamaCpp: "3.21.1" }
        })
    );
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const chromiumPath = "/usr/bin/chromium";
const screenshots = path.join(repo, "test-output", "screenshots");

let model: LanguageModel;
let server: RunningServer;
let browser: BrowserContext;
let page: Page;
let work: string;

beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), "meditron-web-"));
    // Build the web app fresh into a temp folder, so the test sees the current source.
    const webRoot = path.join(work, "web");
    await build({ configFile: path.join(repo, "src/web/vite.config.ts"), logLevel: "warn", build: { outDir: webRoot, emptyOutDir: true } });
    model = await loadTinyModel(2);
    const runs = path.join(work, "runs");
    await writeRun(path.join(runs, "medqa-top-token"));
    server = await startTestServer(model, {
        historyFile: path.join(work, "history.sqlite"),
        webRoot,
        evaluations: directoryEvaluationRuns(runs),
        safety: createSafetyGate(createSafetyLayer({ locale: "en-GB" }))
    });
    await mkdir(screenshots, { recursive: true });
    browser = await chromium.launchPersistentContext(path.join(work, "profile"), {
        executablePath: chromiumPath,
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        viewport: { width: 1280, height: 900 }
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on("dialog", (dialog) => void dialog.accept());
}, 120_000);

afterAll(async () => {
    await browser?.close();
    await server?.close();
    await model?.dispose();
    if (work) await rm(work, { recursive: true, force: true });
});

/** Counts how often the newest assistant message's text changed, to see the answer stream in. */
async function watchStreaming(): Promise<void> {
    await page.evaluate(() => {
        const w = window as unknown as { __updates: number; __observer?: MutationObserver };
        w.__updates = 0;
        w.__observer?.disconnect();
        w.__observer = new MutationObserver(() => {
            w.__updates++;
        });
        w.__observer.observe(document.querySelector(".messages")!, { childList: true, subtree: true, characterData: true });
    });
}

async function sendAndWait(mode: string, fill: () => Promise<void>): Promise<void> {
    await page.getByRole("radio", { name: mode }).check();
    await fill();
    const before = await page.locator(".message-assistant .answer-meta").count();
    await watchStreaming();
    await page.getByRole("button", { name: "Send" }).click();
    await page.locator(".message-assistant .answer-meta, .message-assistant .form-error").nth(before).waitFor({ timeout: 50_000 });
    expect(await page.locator(".message-assistant .form-error").count()).toBe(0);
}

// Skipped on a developer machine without Debian's chromium; in CI (.ci/run installs it) a missing browser fails.
describe.skipIf(!existsSync(chromiumPath) && process.env.CI !== "true")("web app in headless chromium", () => {
    it("shows the persistent disclaimer and labelled inputs", async () => {
        await page.goto(server.url);
        await expect.poll(() => page.locator(".disclaimer").textContent()).toContain("not a doctor");
        await expect.poll(() => page.locator(".model-name").textContent()).toBe(model.info.name);
        // Every mode is a labelled radio; the question box is reachable by its label.
        for (const name of ["Health question", "Exam question", "Disease information", "Differential diagnosis"]) {
            expect(await page.getByRole("radio", { name }).count()).toBe(1);
        }
        expect(await page.getByLabel("Question", { exact: true }).count()).toBe(1);
        // Longer answers, so they stream in over many chunks.
        await page.goto(`${server.url}/#/settings`);
        await page.getByLabel("Maximum answer length (tokens)").fill("300");
        await page.goto(`${server.url}/#/`);
    });

    it("streams a health answer", async () => {
        await sendAndWait("Health question", () => page.getByLabel("Question", { exact: true }).fill("Is it safe to exercise with a cold?"));
        const updates = await page.evaluate(() => (window as unknown as { __updates: number }).__updates);
        expect(updates).toBeGreaterThan(3);
        const answer = await page.locator(".message-assistant").last().locator(".markdown").textContent();
        expect((answer ?? "").trim().length).toBeGreaterThan(0);
        await page.screenshot({ path: path.join(screenshots, "health.png"), fullPage: true });
    });

    it("shows exam answers with per-option probability bars", async () => {
        await sendAndWait("Exam question", async () => {
            await page.getByLabel("Question", { exact: true }).fill("Which drug is a beta blocker?");
            await page.getByLabel("Options (one per line)").fill("lisinopril\nmetoprolol\namlodipine\nfurosemide");
        });
        const bars = page.locator(".message-assistant").last().getByRole("meter");
        expect(await bars.count()).toBe(4);
        const values = await bars.evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute("aria-valuenow"))));
        expect(values.reduce((a, b) => a + b, 0)).toBeGreaterThan(99);
        expect(values.reduce((a, b) => a + b, 0)).toBeLessThan(101);
        expect(await page.locator(".message-assistant").last().locator(".exam-bars li.chosen").count()).toBe(1);
        // The tiny random model gives the chosen option under 50%: the safety layer's unsure wording shows.
        expect(await page.locator(".message-assistant").last().locator(".exam-note").textContent()).toContain("I am unsure about this answer");
        await page.screenshot({ path: path.join(screenshots, "exam.png"), fullPage: true });
    });

    it("describes a disease in sections", async () => {
        await sendAndWait("Disease information", () => page.getByLabel("Disease name").fill("asthma"));
        const headings = await page.locator(".message-assistant").last().locator("h4").allTextContents();
        expect(headings).toEqual(["Overview", "Symptoms", "Causes", "Diagnosis", "Treatment", "When to see a doctor"]);
        await page.screenshot({ path: path.join(screenshots, "disease.png"), fullPage: true });
    });

    it("renders the differential as a ranked table", async () => {
        await sendAndWait("Differential diagnosis", () => page.getByLabel("Case description").fill("Patient with itchy rash on both elbows and knees for months, silvery scales."));
        const rows = page.locator(".message-assistant").last().locator("table.differential tbody tr");
        expect(await rows.count()).toBeGreaterThan(0);
        expect(await rows.first().locator("td").first().textContent()).toBe("1");
        await page.screenshot({ path: path.join(screenshots, "differential.png"), fullPage: true });
    });

    it("finds the conversation in the history after a reload, and reopens it", async () => {
        await page.reload();
        const item = page.getByRole("navigation", { name: "Conversation history" }).locator(".history-open");
        await item.first().waitFor();
        expect(await item.count()).toBe(1);
        expect(await item.first().textContent()).toContain("Is it safe to exercise with a cold?");
        await page.goto(`${server.url}/#/`);
        await page.locator(".history-open").first().click();
        await page.locator(".message").nth(7).waitFor();
        expect(await page.locator(".message-user").count()).toBe(4);
        expect(await page.locator(".message-assistant table.differential").count()).toBe(1);
        expect(await page.locator(".message-assistant [role=meter]").count()).toBe(4);
        await page.screenshot({ path: path.join(screenshots, "history.png"), fullPage: true });
    });

    it("shows the emergency banner when the safety layer raises one", async () => {
        await sendAndWait("Health question", () => page.getByLabel("Question", { exact: true }).fill("My father suddenly cannot speak and one side of his face is drooping"));
        const banner = page.locator(".message-assistant").last().getByRole("alert");
        expect(await banner.count()).toBe(1);
        expect(await banner.textContent()).toContain("999");
        await page.locator(".message-assistant").last().screenshot({ path: path.join(screenshots, "emergency.png") });
    });

    it("shows the emergency banner above a clinician's differential, which is still answered", async () => {
        await sendAndWait("Differential diagnosis", () =>
            page.getByLabel("Case description").fill("58-year-old man, crushing chest pain radiating to the left arm, diaphoresis, ST elevation in II, III, aVF")
        );
        const last = page.locator(".message-assistant").last();
        expect(await last.getByRole("alert").count()).toBe(1);
        expect(await last.getByRole("alert").textContent()).toContain("999");
        expect(await last.locator("table.differential tbody tr").count()).toBeGreaterThan(0);
        // The banner comes first.
        const order = await last.locator(".safety-banner, table.differential").evaluateAll((nodes) => nodes.map((n) => n.tagName));
        expect(order[0]).toBe("DIV");
        await last.screenshot({ path: path.join(screenshots, "differential-emergency.png") });
    });

    it("is usable at phone width", async () => {
        await page.setViewportSize({ width: 390, height: 844 });
        // Nothing may stick out sideways (wide tables scroll inside their own box).
        const wide = await page.evaluate(() =>
            [...document.querySelectorAll("body *")]
                .filter((e) => !e.closest(".table-scroll") && e.getBoundingClientRect().right > window.innerWidth + 1)
                .map((e) => `${e.tagName}.${e.className}`)
        );
        expect(wide).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(1);
        await page.screenshot({ path: path.join(screenshots, "phone.png"), fullPage: true });
        await page.setViewportSize({ width: 1280, height: 900 });
    });

    it("deletes the conversation from the history", async () => {
        await page.getByRole("button", { name: /Delete conversation/ }).first().click();
        await expect.poll(() => page.locator(".history-open").count()).toBe(0);
        expect((await readJson(fetch(`${server.url}/v1/meditron/conversations`))).data).toEqual([]);
    });

    it("lists evaluation runs with an accuracy chart and calibration diagrams", async () => {
        await page.goto(`${server.url}/#/evaluations`);
        await page.getByRole("button", { name: "medqa-top-token" }).click();
        const chart = page.getByRole("img", { name: /Accuracy per benchmark/ });
        await chart.waitFor();
        expect(await chart.locator("rect.bar").count()).toBe(2);
        expect(await chart.textContent()).toContain("42.0%");
        expect(await page.locator("figure.calibration").count()).toBe(2);
        await page.screenshot({ path: path.join(screenshots, "evaluations.png"), fullPage: true });
    });

    it("shows the model and server settings", async () => {
        await page.goto(`${server.url}/#/settings`);
        await expect.poll(() => page.locator(".facts").textContent()).toContain(model.info.name);
        await page.screenshot({ path: path.join(screenshots, "settings.png"), fullPage: true });
    });
});
