#!/usr/bin/env node
// The `cagw` executable: runs the TypeScript sources directly through tsx, so no build
// step stands between a change and its use.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exitCode = await main(process.argv.slice(2));
