import type { FlagSpecs } from './command-spec.ts';

/** Flags every command takes. */
export const GLOBAL_FLAGS = {
  help: { type: 'boolean', short: 'h', desc: 'show help for cagw or for the command' },
  debug: { type: 'boolean', desc: 'show stack traces with errors' },
} as const satisfies FlagSpecs;
