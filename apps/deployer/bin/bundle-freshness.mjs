// Whether bin/cagw.mjs may run the bundle: it exists, with every built file it needs besides its
// own (the dist/ of the workspace packages it imports), and none of the files it was built from
// (dist/inputs.json, written by build-bundle.mjs) changed since. A few hundred stat calls, about
// a millisecond, so the check runs on every start and never lets stale code run.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** undefined when the bundle in `dist` may run; else why not (for the startup bench). */
export function bundleStaleness(dist = new URL('../dist/', import.meta.url)) {
  const dir = fileURLToPath(dist);
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(resolve(dir, 'inputs.json'), 'utf8'));
  } catch {
    return 'no bundle (apps/deployer/dist/inputs.json): `npm ci` or `nx run deployer:build` builds it';
  }
  let builtAt = Infinity;
  for (const file of ['main.js', ...(manifest.requires ?? [])]) {
    const built = statSync(resolve(dir, file), { throwIfNoEntry: false });
    if (!built) return `a built file is missing (${resolve(dir, file)})`;
    builtAt = Math.min(builtAt, built.mtimeMs);
  }
  for (const input of manifest.inputs) {
    const path = resolve(dir, input);
    const changed = statSync(path, { throwIfNoEntry: false });
    if (!changed) return `${path} (an input of the bundle) is gone`;
    if (changed.mtimeMs > builtAt) return `${path} changed after the bundle was built`;
  }
  return undefined;
}
