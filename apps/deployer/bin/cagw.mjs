#!/usr/bin/env node
// The `cagw` executable. Installed, it runs the bundle (dist/, built by `nx run deployer:build`).
// Inside the workspace it runs the TypeScript sources through tsx whenever there is no bundle
// or a source file is newer than it, so no build step stands between a change and its use.
import { existsSync, readFileSync, statSync } from 'node:fs';

// cagw pins exact AWS SDK versions, so the SDK's notice about its future releases needing
// Node 22 says nothing about this install; it would only bury cagw's own output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const bundle = new URL('../dist/main.js', import.meta.url);
const sources = new URL('../src/main.ts', import.meta.url);
// CAGW_RUN=bundle or =sources picks one explicitly (the startup bench measures the bundle).
const runSources = process.env.CAGW_RUN ? process.env.CAGW_RUN === 'sources' : existsSync(sources) && !bundleIsFresh();
const { main } = runSources ? await loadSources() : await import(bundle.href);
const code = await main(process.argv.slice(2));
// A command may leave handles open (an SDK's sockets, a server's keep-alive): flush the output,
// then exit with the command's code instead of waiting for the event loop to empty.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
process.exit(code);

/** The bundle exists and no file it was built from (dist/inputs.json) changed since. */
function bundleIsFresh() {
  try {
    const builtAt = statSync(bundle).mtimeMs;
    const { inputs } = JSON.parse(readFileSync(new URL('../dist/inputs.json', import.meta.url), 'utf8'));
    return inputs.every((input) => statSync(new URL(input, new URL('../dist/', import.meta.url))).mtimeMs <= builtAt);
  } catch {
    return false; // no bundle, or a source file gone: the sources are the truth
  }
}

async function loadSources() {
  const { register } = await import('node:module');
  // the cagw libraries export their TypeScript sources under the "development" condition
  register('./development-condition.mjs', import.meta.url);
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  return import('../src/main.ts');
}
