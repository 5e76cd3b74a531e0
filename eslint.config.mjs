// Lint rules for every project: typescript-eslint's recommended set, plus Nx's module
// boundaries so a library can never import the CLI.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/reports/**', '**/out/**'] },
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
    // Only the CLI prints; the bin and tools are process edges too.
    files: ['apps/deployer/src/cli/**/*.ts', 'apps/deployer/src/main.ts', '**/*.test.ts', 'tools/**'],
    rules: { 'no-console': 'off' },
  },
);
