/** Jest: TypeScript through @swc/jest (no type checking here: `npm run typecheck` does that once). */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  globalTeardown: "<rootDir>/__tests__/support/global-teardown.ts",
  // Slow files first even without Jest's timing cache (a fresh CI checkout): see the file.
  testSequencer: "<rootDir>/__tests__/support/test-sequencer.js",
  testTimeout: 180000,
  // Three workers on the 2-core CI machine: the files that apply against local endpoints and the CLI tests wait
  // on other processes (the provider's fixed delays, moto, the stand-in), and with two workers the CPU was 91 to
  // 93% busy over a run (idle cores whenever both waited); with three, 97 to 99% (/proc/stat sampled each second,
  // 5 runs each).
  maxWorkers: 3,
  // cdktf token traces short and not source-mapped (errors keep Jest's mapped traces): see the file.
  setupFilesAfterEnv: ["<rootDir>/__tests__/support/token-traces.ts"],
};
