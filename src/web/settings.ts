/** Generation settings chosen in the settings panel, kept in localStorage. */
export interface GenerationSettings {
    maxTokens: number;
    temperature: number;
}

const storageKey = "meditron.settings";
export const defaultSettings: GenerationSettings = { maxTokens: 256, temperature: 0 };

export function loadSettings(): GenerationSettings {
    try {
        return { ...defaultSettings, ...(JSON.parse(localStorage.getItem(storageKey) ?? "{}") as Partial<GenerationSettings>) };
    } catch {
        return defaultSettings;
    }
}

export function saveSettings(settings: GenerationSettings): void {
    localStorage.setItem(storageKey, JSON.stringify(settings));
}
