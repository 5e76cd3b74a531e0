// Lint rules for every project: typescript-eslint's recommended set, plus Nx's module
// boundaries so a library can never import the CLI.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // build output and throwaway files: the runner's own test workspaces live in tmp/, and a test
  // may write a *.tmp.* file next to a package while the workspace's one eslint runs beside it
  { ignores: ['**/node_modules/**', '**/reports/**', '**/out/**', '**/dist/**', 'tmp/**', '.nx/**', '**/*.tmp.*'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      '@nx/enforce-module-boundaries': ['error', {
        allow: [],
        depConstraints: [
          { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
          { sourceTag: 'type:cli', onlyDependOnLibsWithTags: ['type:lib', 'type:cli'] },
        ],
      }],
    },
  },
  {
    // A project's vitest configuration takes the workspace's shared one by path: it is set-up of
    // the workspace, not a dependency of the project's code.
    files: ['**/vitest.config.ts', '**/vitest.integration.config.ts'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    // Only the CLI prints; the bin and tools are process edges too.
    files: ['apps/deployer/src/cli/**/*.ts', 'apps/deployer/src/main.ts', '**/*.test.ts', 'tools/**'],
    rules: { 'no-console': 'off' },
  },
);
