/**
 * Jest `setupFilesAfterEnv`: cdktf's token creation traces are kept short and not source-mapped in tests
 * (`installUnmappedTokenTraces` in scripts/lib/token-traces.js says why); errors keep Jest's mapped traces.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { installUnmappedTokenTraces } = require("../../scripts/lib/token-traces") as { installUnmappedTokenTraces: () => void };

installUnmappedTokenTraces();
