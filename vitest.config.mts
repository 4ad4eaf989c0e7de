import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Servers started by tests bind 127.0.0.1 on port 0, so files can run in parallel safely.
    pool: "forks",
  },
});
