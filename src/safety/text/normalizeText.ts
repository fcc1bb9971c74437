/**
 * Lower-cases and normalises a message so rule patterns can be written once: typographic
 * apostrophes become ', apostrophe-less contractions ("cant", "dont") get their apostrophe back,
 * common misspellings of red-flag words are corrected, and whitespace is collapsed.
 */
export function normalizeText(text: string): string {
    let out = text.toLowerCase().replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'").replace(/[\u201c\u201d]/g, '"');
    out = out.replace(CONTRACTIONS, (word) => CONTRACTION_FIXES[word] ?? word);
    out = out.replace(MISSPELLINGS, (word) => SPELLING_FIXES[word] ?? word);
    return out.replace(/\s+/g, " ").trim();
}

// Only contractions that are never ordinary words ("wont" is archaic, "im" is not English).
const CONTRACTION_FIXES: Readonly<Record<string, string>> = {
    cant: "can't", dont: "don't", doesnt: "doesn't", isnt: "isn't", wont: "won't", didnt: "didn't",
    havent: "haven't", hasnt: "hasn't", wasnt: "wasn't", couldnt: "couldn't", wouldnt: "wouldn't",
    arent: "aren't", im: "i'm", ive: "i've", hes: "he's", shes: "she's", theyre: "they're", youre: "you're",
    whats: "what's", its: "its"
};
const CONTRACTIONS = new RegExp(`\\b(?:${Object.keys(CONTRACTION_FIXES).join("|")})\\b`, "g");

// Frequent misspellings of the words the red-flag rules depend on (general list, not per message).
const SPELLING_FIXES: Readonly<Record<string, string>> = {
    pian: "pain", siezure: "seizure", seizur: "seizure", siezures: "seizures", unconcious: "unconscious",
    unconsious: "unconscious", alergic: "allergic", allergick: "allergic", swolen: "swollen", swollan: "swollen",
    pregant: "pregnant", pregnent: "pregnant", preggers: "pregnant", bleedin: "bleeding", bleding: "bleeding",
    droopin: "drooping", slurin: "slurring", breating: "breathing", brething: "breathing", suicde: "suicide",
    sucide: "suicide", meningitus: "meningitis", menengitis: "meningitis", anaphalaxis: "anaphylaxis",
    anaphylactic: "anaphylactic", hemorage: "haemorrhage", temprature: "temperature", tempreture: "temperature",
    heartattack: "heart attack", screeming: "screaming", serius: "serious", freind: "friend", alot: "a lot",
    stomache: "stomach", chset: "chest", epilepsey: "epilepsy", overdosed: "overdosed", poisen: "poison",
    concious: "conscious", collasped: "collapsed", colapsed: "collapsed", wheezin: "wheezing", vomitting: "vomiting",
    diabetic: "diabetic", fiting: "fitting", choaking: "choking", bleeing: "bleeding"
};
const MISSPELLINGS = new RegExp(`\\b(?:${Object.keys(SPELLING_FIXES).join("|")})\\b`, "g");
