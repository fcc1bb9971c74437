import { askStep } from "./askStep.js";
import { corpusStep } from "./corpusStep.js";
import type { DemoStep } from "./DemoStep.js";
import { evalStep } from "./evalStep.js";
import { safetyStep } from "./safetyStep.js";
import { serverStep } from "./serverStep.js";

/** The demo's steps, in order. Each capability adds its own short step here. */
export const demoSteps: readonly DemoStep[] = [askStep, safetyStep, evalStep, serverStep, corpusStep];
