import { askStep } from "./askStep.js";
import type { DemoStep } from "./DemoStep.js";

/** The demo's steps, in order. Each capability adds its own short step here. */
export const demoSteps: readonly DemoStep[] = [askStep];
