// End-to-end tests that drive real browsers and editors: slower, run after
// the unit suite by `npm test` (scripts/test.sh).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    // The bundle the server, CLI and editor tests run, made from the sources as they are.
    globalSetup: ["test/helpers/build-bundle.ts"],
    pool: "forks",
    poolOptions: { forks: { singleFork: true } },
    testTimeout: 300_000,
    hookTimeout: 300_000,
    passWithNoTests: true,
  },
});
