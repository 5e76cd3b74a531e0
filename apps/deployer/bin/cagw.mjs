#!/usr/bin/env node
// The `cagw` executable. Installed, it runs the bundle (dist/, built by `nx run deployer:build`,
// and in the workspace by `npm ci`). Inside the workspace it runs the TypeScript sources through
// tsx whenever there is no bundle or a file it was built from is newer than it, so no build step
// stands between a change and its use, and stale code never runs.
import { existsSync } from 'node:fs';

// cagw pins exact AWS SDK versions, so the SDK's notice about its future releases needing
// Node 22 says nothing about this install; it would only bury cagw's own output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const bundle = new URL('../dist/main.js', import.meta.url);
const sources = new URL('../src/main.ts', import.meta.url);
// CAGW_RUN=bundle or =sources picks one explicitly. Installed, there are no sources to compare with.
const runSources = process.env.CAGW_RUN ? process.env.CAGW_RUN === 'sources' : existsSync(sources) && (await import('./bundle-freshness.mjs')).bundleStaleness() !== undefined;
const { main } = runSources ? await loadSources() : await import(bundle.href);
const code = await main(process.argv.slice(2));
// A command may leave handles open (an SDK's sockets, a server's keep-alive): flush the output,
// then exit with the command's code instead of waiting for the event loop to empty.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
process.exit(code);

async function loadSources() {
  const { register } = await import('node:module');
  // the cagw libraries export their TypeScript sources under the "development" condition
  register('./development-condition.mjs', import.meta.url);
  const { register: registerTsx } = await import('tsx/esm/api');
  registerTsx();
  return import('../src/main.ts');
}
