import { defineConfig } from "vite";

// Preact's automatic JSX runtime through esbuild: no plugin needed to build. config.json is not
// part of the build; each stack serves its own beside index.html (see src/site-config.ts).
export default defineConfig({
  base: "./",
  esbuild: { jsx: "automatic", jsxImportSource: "preact" },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, target: "es2022" },
});
