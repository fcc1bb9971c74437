/**
 * Shown with every task answer until (and alongside) the safety layer's own wording: the model
 * is a research artefact and its output is not medical advice.
 */
export const MEDICAL_DISCLAIMER =
    "MediTron is a research language model, not a doctor. Its answers can be wrong or incomplete and are not medical advice. " +
    "Always consult a qualified health professional; in an emergency call your local emergency number.";
