/**
 * Shown with every task answer: the safety layer's wording (MediTron is a research model, not a
 * doctor), re-exported so task callers need not import the safety module.
 */
export { MEDICAL_DISCLAIMER } from "../safety/finalizeAnswer.js";
