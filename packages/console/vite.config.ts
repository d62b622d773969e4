/**
 * Builds the console into dist/: the proxy serves dist/index.html at /console/ and the hashed
 * files of dist/assets below it. Relative URLs, so a proxy mounted under a path prefix works.
 */
import { defineConfig } from "vite";

export default defineConfig({
  base: "./",
  oxc: { jsx: { runtime: "automatic", importSource: "react" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // rjsf marks its hooks "use client" (for React Server Components): meaningless in a browser bundle
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  logLevel: "warn",
});
