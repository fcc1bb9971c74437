import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

// The web app is plain React compiled by Vite's built-in esbuild (no plugin needed for JSX), built
// into dist/web, which `meditron serve` serves at /. `npm run dev:web` proxies the API to :8080.
export default defineConfig({
    root: here,
    base: "./",
    esbuild: { jsx: "automatic" },
    build: {
        outDir: path.resolve(here, "../../dist/web"),
        emptyOutDir: true,
        sourcemap: false,
        chunkSizeWarningLimit: 400
    },
    server: {
        proxy: { "/v1": "http://127.0.0.1:8080", "/health": "http://127.0.0.1:8080" }
    }
});
