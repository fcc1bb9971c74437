/** Irregular inflections shared by the readers that reduce words to their base form. */

/** Irregular past forms of verbs the refusal rules are written with (regular forms are derived). */
export const IRREGULAR_VERB_FORMS: Readonly<Record<string, string>> = {
    bought: "buy", made: "make", sold: "sell", stole: "steal", stolen: "steal", shot: "shoot", took: "take", taken: "take",
    got: "get", gotten: "get", hid: "hide", hidden: "hide", beaten: "beat", broke: "break", broken: "break", ran: "run",
    threw: "throw", thrown: "throw", gave: "give", given: "give", drove: "drive", driven: "drive", fought: "fight",
    hung: "hang", slew: "slay", slain: "slay", sent: "send", brought: "bring", paid: "pay", fed: "feed", kept: "keep",
    lost: "lose", met: "meet", spent: "spend", taught: "teach", told: "tell", wrote: "write", written: "write", ate: "eat",
    eaten: "eat", drank: "drink", bled: "bleed", burnt: "burn", dealt: "deal", dug: "dig", fled: "flee", grew: "grow",
    grown: "grow", knew: "know", known: "know", rode: "ride", ridden: "ride", saw: "see", seen: "see", sought: "seek",
    shook: "shake", shaken: "shake", stuck: "stick", struck: "strike", swore: "swear", sworn: "swear", tore: "tear",
    torn: "tear", woke: "wake", woken: "wake", chose: "choose", chosen: "choose", bit: "bite", bitten: "bite", blew: "blow",
    blown: "blow", caught: "catch", forgot: "forget", forgotten: "forget", froze: "freeze", frozen: "freeze", spoke: "speak",
    spoken: "speak", understood: "understand", went: "go", gone: "go"
};

/** Irregular noun plurals ("women" -> "woman", "knives" -> "knife"). */
export const IRREGULAR_PLURALS: Readonly<Record<string, string>> = {
    men: "man", women: "woman", children: "child", people: "person", wives: "wife", lives: "life", thieves: "thief", policemen: "policeman",
    knives: "knife", teeth: "tooth", feet: "foot", mice: "mouse"
};
