// Runs before every test file of every project (vitest setupFiles, vitest.shared.ts): every
// fast-check property runs under one known seed, and a failure says how to replay it.
import fc from 'fast-check';
import { fastCheckSeed, replayHint } from './fast-check-seed.mjs';

// FC_SEED, which vitest.shared.ts sets once per vitest run (from the commit unless given)
const { seed } = fastCheckSeed();

fc.configureGlobal({
  ...fc.readConfigureGlobal(),
  seed,
  // fast-check's own message (seed, path, counterexample, shrinks) with the replay command after
  // it; the original error stays its cause, as in fast-check's default reporter. A property that
  // passes its own seed or reporter keeps them.
  reporter(details) {
    if (!details.failed) return;
    const alone = details.counterexamplePath === null ? '' : ` (this property alone: pass { seed: ${details.seed}, path: "${details.counterexamplePath}" })`;
    throw new Error(`${fc.defaultReportMessage(details)}\n\n${replayHint(details.seed)}${alone}`, { cause: details.errorInstance });
  },
});
