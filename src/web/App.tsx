import { useEffect, useState } from "react";
import { getJson } from "./api";
import { ChatPage } from "./components/ChatPage";
import { EvaluationsPage } from "./components/EvaluationsPage";
import { SettingsPanel } from "./components/SettingsPanel";
import { loadSettings, saveSettings, type GenerationSettings } from "./settings";

type Route = { page: "chat"; conversationId: string | null } | { page: "evaluations" } | { page: "settings" };

/** Hash routes (#/, #/c/<id>, #/evaluations, #/settings) so a reload reopens the same view. */
function readRoute(): Route {
    const hash = window.location.hash.replace(/^#/, "");
    if (hash.startsWith("/evaluations")) return { page: "evaluations" };
    if (hash.startsWith("/settings")) return { page: "settings" };
    const match = /^\/c\/([\w-]+)/.exec(hash);
    return { page: "chat", conversationId: match ? match[1]! : null };
}

const fallbackDisclaimer = "MediTron is a research language model, not a doctor. Its answers can be wrong and are not medical advice. In an emergency call your local emergency number.";

export function App() {
    const [route, setRoute] = useState<Route>(readRoute);
    const [settings, setSettings] = useState<GenerationSettings>(loadSettings);
    const [disclaimer, setDisclaimer] = useState(fallbackDisclaimer);
    const [modelName, setModelName] = useState<string>("");

    useEffect(() => {
        const onHash = () => setRoute(readRoute());
        window.addEventListener("hashchange", onHash);
        getJson<{ disclaimer: string; model: { name: string } }>("/v1/meditron/info")
            .then((info) => {
                setDisclaimer(info.disclaimer);
                setModelName(info.model.name);
            })
            .catch(() => undefined);
        return () => window.removeEventListener("hashchange", onHash);
    }, []);

    const go = (hash: string) => {
        window.location.hash = hash;
    };
    const changeSettings = (next: GenerationSettings) => {
        setSettings(next);
        saveSettings(next);
    };

    return (
        <div className="app">
            <a className="skip-link" href="#main">
                Skip to content
            </a>
            <header className="app-header">
                <h1>
                    MediTron <span className="model-name">{modelName}</span>
                </h1>
                <nav aria-label="Pages">
                    <a href="#/" aria-current={route.page === "chat" ? "page" : undefined}>
                        Chat
                    </a>
                    <a href="#/evaluations" aria-current={route.page === "evaluations" ? "page" : undefined}>
                        Evaluations
                    </a>
                    <a href="#/settings" aria-current={route.page === "settings" ? "page" : undefined}>
                        Settings
                    </a>
                </nav>
            </header>
            <p className="disclaimer" role="note">
                <strong>Not medical advice.</strong> {disclaimer}
            </p>
            <main id="main">
                {route.page === "chat" && <ChatPage settings={settings} conversationId={route.conversationId} onConversationChange={(id) => go(id === null ? "/" : `/c/${id}`)} />}
                {route.page === "evaluations" && <EvaluationsPage />}
                {route.page === "settings" && <SettingsPanel settings={settings} onChange={changeSettings} />}
            </main>
        </div>
    );
}
