import { useEffect, useState } from "react";
import { getApiKey, getJson, setApiKey, type ServerInfo } from "../api";
import type { GenerationSettings } from "../settings";

/** Model details and server settings (read-only), plus this browser's generation settings and API key. */
export function SettingsPanel({ settings, onChange }: { settings: GenerationSettings; onChange: (settings: GenerationSettings) => void }) {
    const [info, setInfo] = useState<ServerInfo | null>(null);
    const [error, setError] = useState<string | null>(null);
    const [key, setKey] = useState(getApiKey());

    const load = () =>
        getJson<ServerInfo>("/v1/meditron/info")
            .then((value) => {
                setInfo(value);
                setError(null);
            })
            .catch((e: Error) => setError(e.message));
    useEffect(() => {
        void load();
    }, []);

    return (
        <section className="settings" aria-labelledby="settings-title">
            <h2 id="settings-title">Model and settings</h2>
            {error && <p className="form-error" role="alert">Cannot read the server's settings: {error}</p>}
            {info && (
                <dl className="facts">
                    <dt>Model</dt>
                    <dd>{info.model.name}</dd>
                    <dt>Backend</dt>
                    <dd>{info.model.backend}</dd>
                    <dt>Context</dt>
                    <dd>{info.model.contextSize ?? "unknown"} tokens</dd>
                    <dt>Safety layer</dt>
                    <dd>{info.safety ? "on" : "not configured"}</dd>
                    <dt>History</dt>
                    <dd>{info.history ? "kept on the server (SQLite), deletable" : "off"}</dd>
                    {Object.entries(info.settings).map(([name, value]) => (
                        <div key={name} className="fact">
                            <dt>{name}</dt>
                            <dd>{String(value)}</dd>
                        </div>
                    ))}
                </dl>
            )}
            <form
                className="settings-form"
                onSubmit={(event) => {
                    event.preventDefault();
                    setApiKey(key.trim());
                    void load();
                }}
            >
                <label htmlFor="setting-max-tokens">Maximum answer length (tokens)</label>
                <input id="setting-max-tokens" type="number" min={1} max={4096} value={settings.maxTokens} onChange={(e) => onChange({ ...settings, maxTokens: Math.max(1, Math.min(4096, Number(e.target.value) || 1)) })} />
                <label htmlFor="setting-temperature">Temperature (0 = always the most likely answer)</label>
                <input id="setting-temperature" type="number" min={0} max={2} step={0.1} value={settings.temperature} onChange={(e) => onChange({ ...settings, temperature: Math.max(0, Math.min(2, Number(e.target.value) || 0)) })} />
                <label htmlFor="setting-api-key">API key (only if the server requires one; stored in this browser)</label>
                <input id="setting-api-key" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} />
                <button type="submit">Save key</button>
            </form>
        </section>
    );
}
