import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The bundle the server, CLI and editor tests run, made from the sources as they are.
    globalSetup: ["test/helpers/build-bundle.ts"],
    exclude: ["test/e2e/**", "node_modules/**"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default"],
  },
});
