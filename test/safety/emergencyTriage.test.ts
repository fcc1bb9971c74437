import { describe, expect, it } from "vitest";
import { createSafetyLayer } from "../../src/safety/SafetyLayer.js";

const layer = createSafetyLayer({ locale: "en-GB" });
const screen = (text: string) => layer.screen(text);

describe("emergency triage: every category of issue 6", () => {
    const cases: [string, string][] = [
        ["cardiac", "I've had crushing chest pain for 20 minutes and I'm sweating"],
        ["stroke", "my mum's face has suddenly dropped on one side and she can't lift her arm"],
        ["anaphylaxis", "after eating peanuts my throat is swelling and I can't breathe"],
        ["breathing", "I can't breathe and my lips are turning blue"],
        ["bleeding", "the cut on my leg is spurting blood and it won't stop"],
        ["self-harm", "I want to kill myself tonight"],
        ["sepsis", "my dad has a chest infection and now he's confused and his skin is mottled"],
        ["meningitis", "my son has a fever and a rash that doesn't fade when I press a glass on it"],
        ["overdose", "I took a whole packet of paracetamol an hour ago"],
        ["unconscious", "my husband collapsed and isn't responding"],
        ["seizure", "my wife is having a seizure and it won't stop"],
        ["pregnancy", "I'm 30 weeks pregnant and bleeding heavily"],
        ["burns", "my toddler pulled boiling water over himself and his chest is badly burned"],
        ["child", "my 6 week old baby has a temperature of 38.4"]
    ];
    it.each(cases)("%s: %s", (category, text) => {
        const decision = screen(text);
        expect(decision.action).toBe("emergency");
        expect(decision.emergency).toBe(true);
        expect(decision.category).toBe(category);
        expect(decision.rule).toMatch(new RegExp(`^${category}\\.`));
        expect(decision.message).toContain("999");
        expect(decision.source).toBeTruthy();
    });
});

describe("emergency triage: context", () => {
    it("negation: a denied symptom does not trigger, an affirmed one in another clause does", () => {
        expect(screen("No chest pain or breathlessness, I just want to lower my cholesterol").emergency).toBe(false);
        expect(screen("I'm not suicidal, I just feel stressed about exams").emergency).toBe(false);
        expect(screen("no fever or cough, but I have heavy pressure in my chest and I feel sick and lightheaded").category).toBe("cardiac");
    });

    it("history: past events are not emergencies, a new event after them is", () => {
        expect(screen("My father had a heart attack in 2015, is my risk higher?").emergency).toBe(false);
        expect(screen("I had a stroke in 2019, how can I help my speech recover?").emergency).toBe(false);
        expect(screen("He had a stroke in 2019 and now his face is drooping again").category).toBe("stroke");
    });

    it("third person: relatives and bystanders count", () => {
        expect(screen("my grandad is gasping for air and his lips are blue").emergency).toBe(true);
        expect(screen("my friend took a load of pills and won't wake up").emergency).toBe(true);
    });

    it("generic questions, idioms, pets and admin questions are not emergencies", () => {
        for (const text of [
            "What are the warning signs of a heart attack?",
            "What should I do if someone has a seizure?",
            "This traffic is killing me",
            "The market collapsed today, should I sell?",
            "My dog had a stroke, what should I feed him?",
            "Where is the clinic and is there parking?",
            "Can I ask for a female doctor?"
        ]) expect(screen(text).emergency, text).toBe(false);
    });

    it("lay wording and misspellings", () => {
        expect(screen("cant breath, lips going blue, please help").emergency).toBe(true);
        expect(screen("my daughter is having a siezure and its going on and on").category).toBe("seizure");
    });
});

describe("locale emergency numbers and crisis lines", () => {
    const selfHarm = "I want to end my life";
    it.each([
        ["en-GB", "999", "116 123"],
        ["en-US", "911", "988"],
        ["en-AU", "000", "13 11 14"],
        ["fr-FR", "112", "3114"],
        ["de-DE", "112", "0800 111 0 111"],
        ["NZ", "111", "1737"]
    ])("%s gives %s and crisis line %s", (locale, emergency, crisis) => {
        const decision = createSafetyLayer({ locale }).screen(selfHarm);
        const numbers = (decision.emergencyContacts ?? []).map((c) => c.number);
        expect(numbers[0]).toBe(emergency);
        expect(numbers).toContain(crisis);
        expect(decision.message).toContain(emergency);
        expect(decision.message).toContain(crisis);
    });

    it("with no country it says 'your local emergency number' instead of guessing", () => {
        const decision = createSafetyLayer().screen("my husband collapsed and isn't breathing");
        expect(decision.country).toBe("default");
        expect(decision.message).toContain("your local emergency number");
        expect(decision.message).not.toMatch(/\b(?:999|911|112)\b/);
    });

    it("non-self-harm emergencies carry only the emergency number", () => {
        const decision = createSafetyLayer({ locale: "en-US" }).screen("my wife is having a seizure and it won't stop");
        expect(decision.emergencyContacts).toEqual([{ label: "Emergency services", number: "911" }]);
    });

    it("rejects a malformed locale with a UserError", () => {
        expect(() => createSafetyLayer({ locale: "not a locale!" })).toThrow(/unrecognised locale/);
    });
});
