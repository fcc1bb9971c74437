/**
 * MediTron's deployment strings (epfLLM/meditron deployment/README.md and the eric11eca/FastChat
 * `meditron-deploy` branch `fastchat/conversation.py`, `one_shot_medical`).
 */

/**
 * The Llama-2 default system message as the MediTron paper prints it for its qualitative analysis
 * (App. E.1). The default of the meditron-one-shot and meditron-zero-shot formats.
 */
export const MEDITRON_SYSTEM_MESSAGE =
    "You are a helpful, respectful, and honest assistant. Always answer as helpfully as possible while being safe. " +
    "Your answers should not include any harmful, unethical, racist, sexist, toxic, dangerous, or illegal content. " +
    "Please ensure that your responses are socially unbiased and positive in nature.\n\n" +
    "If a question does not make any sense, or is not factually coherent, explain why instead of answering something not correct. " +
    "If you don't know the answer to a question, please don't share false information.";

/**
 * FastChat's code constant `system_msg_meditron` verbatim: the same sentences concatenated
 * without spaces ("…honest assistant.Always answer…"). Pass it as `system` to reproduce the
 * deployed prompt byte for byte.
 */
export const FASTCHAT_SYSTEM_MSG_MEDITRON =
    "You are a helpful, respectful and honest assistant." +
    "Always answer as helpfully as possible, while being safe." +
    "Your answers should not include any harmful, unethical, racist, sexist, toxic, dangerous, or illegal content." +
    "Please ensure that your responses are socially unbiased and positive in nature.\n\n" +
    "If a question does not make any sense, or is not factually coherent, explain why instead of answering something not correct." +
    "If you don't know the answer to a question, please don't share false information.";

/** The one-shot exemplar of FastChat's `one_shot_medical` template (verbatim). */
export const LISTERIOSIS_EXEMPLAR = {
    question: "What happens if listeria is left untreated?",
    answer:
        "If listeria infection, or listeriosis, is left untreated, it can lead to severe health complications, particularly in certain high-risk groups. Here's a general overview of the potential outcomes:\n" +
        "\n" +
        "1. Spread of the Infection: Untreated listeriosis can spread beyond the gut to other parts of the body, including the nervous system. This can lead to more severe conditions like meningitis (inflammation of the membranes surrounding the brain and spinal cord) and septicemia (a serious blood infection).\n" +
        "2. Increased Risk for Certain Groups: Pregnant women, newborns, the elderly, and individuals with weakened immune systems are at a higher risk of severe complications. In pregnant women, listeriosis can lead to miscarriage, stillbirth, premature delivery, or life-threatening infection of the newborn.\n" +
        "3. Neurological Effects: Listeriosis can cause severe neurological symptoms like headaches, stiff neck, confusion, loss of balance, and convulsions, especially when the infection spreads to the nervous system.\n" +
        "4. Long-Term Health Impacts: For some, particularly those with pre-existing health conditions or weakened immune systems, the health impacts of listeriosis can be long-lasting and may not fully resolve even with treatment.\n" +
        "5. Fatalities: In severe cases, particularly among high-risk groups, listeriosis can be fatal.\n" +
        "\n" +
        "It's important to note that early diagnosis and appropriate treatment, typically with antibiotics, can greatly improve the prognosis for those with listeriosis. Therefore, seeking medical attention promptly if listeriosis is suspected is crucial."
} as const;
