import path from "node:path";
import type { RuleFile } from "../rules/RuleFile.js";
import { readYamlObject } from "../rules/loadRuleFiles.js";
import type { RuleMatch } from "../RefusalRules.js";
import { BaseFormView } from "../text/BaseFormView.js";
import { parseIntentSettings } from "./IntentSettings.js";
import { PrivacyTargetDetector } from "./PrivacyTargetDetector.js";
import { ViolenceTargetDetector } from "./ViolenceTargetDetector.js";
import { WordClasses } from "./WordClasses.js";

/**
 * The intent detectors of data/safety/rules/intent.yaml, reported like refusal rules
 * (rule ids "intent.violence-person" and "intent.privacy-person").
 */
export class IntentDetectors {
    private constructor(
        private readonly violence: ViolenceTargetDetector,
        private readonly privacy: PrivacyTargetDetector,
        private readonly violenceFile: RuleFile,
        private readonly privacyFile: RuleFile,
        private readonly sources: { violence: string; privacy: string },
        private readonly nonsense: RegExp,
        /** Inflected verbs reduced to lemmas, for the refusal rules' second reading. */
        readonly baseForms: BaseFormView
    ) {}

    /** "in Cluedo", "In Fallout 4,": a capitalised title that is not a place, so a game, film or book. */
    inNamedWork(original: string): boolean {
        return this.violence.inNamedWork(original);
    }

    /** "Why can't <group> breathe underwater?": discrimination on nonsensical grounds, not hate. */
    isNonsenseDiscrimination(normalized: string): boolean {
        return this.nonsense.test(normalized);
    }

    /** Loads rules/intent.yaml and lexicon/word-classes.json from a safety data directory. */
    static load(dataDir: string): IntentDetectors {
        const file = path.join(dataDir, "rules", "intent.yaml");
        const settings = parseIntentSettings(readYamlObject(file), file);
        const classes = WordClasses.fromFile(path.join(dataDir, "lexicon", "word-classes.json"), [], settings.privacy.fictional);
        const asFile = (s: { category: string; label: string; reason?: string; alternative?: string }): RuleFile => ({ category: s.category, label: s.label, reason: s.reason, alternative: s.alternative, rules: [] });
        return new IntentDetectors(
            new ViolenceTargetDetector(settings.violence, classes),
            new PrivacyTargetDetector(settings.privacy, classes),
            asFile(settings.violence), asFile(settings.privacy),
            { violence: settings.violence.source, privacy: settings.privacy.source },
            new RegExp(settings.nonsenseDiscrimination),
            new BaseFormView(classes.verbs)
        );
    }

    /** `inNamedWork`: whether the message is set in a named game, film or book, when the caller already knows. */
    detect(original: string, normalized: string, inNamedWork?: boolean): RuleMatch | null {
        const violence = this.violence.detect(original, normalized, inNamedWork);
        if (violence !== null) return { file: this.violenceFile, rule: `intent.violence-${violence.kind}`, source: `${this.sources.violence} (verb "${violence.verb}", ${violence.kind} "${violence.target}")` };
        const privacy = this.privacy.detect(original, normalized);
        if (privacy !== null) return { file: this.privacyFile, rule: "intent.privacy-person", source: `${this.sources.privacy} (${privacy.kind} "${privacy.whose}", data "${privacy.data}")` };
        return null;
    }
}
