// The seed every fast-check property runs under, so a failure can be replayed: FC_SEED when set
// (a replay, or the fresh seed `npm test -- --explore` drew), else one derived from the current
// commit, so the same commit always tries the same cases and an unrelated change never turns a
// pull request red by drawing new ones. Read by vitest.shared.ts and by tools/test-all.mjs.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';

/** What a failing property prints: how to run the whole suite again under its seed. */
export const replayHint = (seed) => `replay: FC_SEED=${seed} npm test`;

/** { seed, from } for this environment and working folder; throws on an FC_SEED that is not a seed. */
export function fastCheckSeed(env = process.env, cwd = process.cwd()) {
  if (env.FC_SEED !== undefined && env.FC_SEED !== '') {
    const seed = Number(env.FC_SEED);
    // fast-check reads its seed as a 32-bit integer; anything else would not replay the same run
    if (!/^-?\d+$/.test(env.FC_SEED.trim()) || seed !== (seed | 0)) throw new Error(`FC_SEED "${env.FC_SEED}" is not a fast-check seed: use the 32-bit integer a failing property printed`);
    return { seed, from: 'FC_SEED' };
  }
  let commit;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a git checkout (an unpacked tarball): still one fixed seed, never a random one
    return { seed: 0, from: 'no commit' };
  }
  return { seed: seedOf(commit), from: `commit ${commit.slice(0, 12)}` };
}

/** A fresh random seed for an exploring run. */
export const randomSeed = () => randomBytes(4).readInt32BE(0);

/** The 32-bit integer a commit id hashes to. */
export const seedOf = (commit) => createHash('sha256').update(commit).digest().readInt32BE(0);
