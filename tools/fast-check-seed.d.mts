// Types of tools/fast-check-seed.mjs, a plain module so that tools/test-all.mjs runs on bare Node.
export declare const replayHint: (seed: number) => string;
export declare function fastCheckSeed(env?: NodeJS.ProcessEnv, cwd?: string): { seed: number; from: string };
export declare const randomSeed: () => number;
export declare const seedOf: (commit: string) => number;
