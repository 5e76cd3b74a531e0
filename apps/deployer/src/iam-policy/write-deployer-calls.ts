// Regenerates deployer-calls.ts from the source (run after adding an AWS call to deploy or destroy):
//   cd apps/deployer && npx tsx --conditions=development src/iam-policy/write-deployer-calls.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deployerCallsSource } from './deployer-calls-source.ts';

writeFileSync(fileURLToPath(new URL('./deployer-calls.ts', import.meta.url)), deployerCallsSource());
