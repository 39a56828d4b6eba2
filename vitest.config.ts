import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts", "test/cli/**/*.test.ts"],
    environment: "node",
    // Property tests run hundreds of generated cases; on a loaded 2-core CI machine the default
    // 5 s is too tight. Tests never assert on time: this only bounds a hung test.
    testTimeout: 30_000,
  },
});
