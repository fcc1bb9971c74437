/**
 * The paper's `format_mcq(question, options)` (evaluation/benchmarks.py):
 * a '?' is appended when the question ends with neither '?' nor '.', then
 * `'Question: ' + question + '\n\nOptions:\n' + '\n'.join(f"{chr(65+i)}. {opt}")`.
 *
 * The check looks at the very last character, so a question ending in a newline (every MMLU
 * nutrition question) or a space gets the '?' after it, exactly as the paper's prompts did.
 */
export function formatMcq(question: string, options: readonly string[]): string {
    const fixed = question.endsWith("?") || question.endsWith(".") ? question : `${question}?`;
    const optionLines = options.map((option, i) => `${String.fromCharCode(65 + i)}. ${option}`).join("\n");
    return `Question: ${fixed}\n\nOptions:\n${optionLines}`;
}

/**
 * The paper's closed PubMedQA block (`ClosedPubMedQA.custom_preprocessing`):
 * `"\n".join(CONTEXTS) + "\n" + QUESTION`: no "Question:" prefix, no options, no '?' fix.
 */
export function formatPubmedqa(contexts: readonly string[], question: string): string {
    return `${contexts.join("\n")}\n${question}`;
}
