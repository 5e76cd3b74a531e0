import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { readPoliciesFile } from './read-policies-file.ts';

describe('readPoliciesFile', () => {
  test('the shipped example is valid and ends with the catch-all', () => {
    const path = new URL('../../../profiles/policies.example.yaml', import.meta.url);
    const { policies, problems } = readPoliciesFile('policies.example.yaml', readFileSync(path, 'utf8'));
    expect(problems).toEqual([]);
    expect(policies.at(-1)!.groups).toEqual([]);
    expect(policies.find((p) => p.groups.includes('contractors'))?.denyTools?.length).toBeGreaterThan(0);
  });

  test('maps deny_tools and env, and leaves absent keys absent', () => {
    const { policies } = readPoliciesFile('p.yaml', 'policies:\n  - name: c\n    groups: [c]\n    deny_tools: [Bash]\n    env: {FOO: "1"}\n  - name: all\n');
    expect(policies).toEqual([{ name: 'c', groups: ['c'], denyTools: ['Bash'], env: { FOO: '1' } }, { name: 'all', groups: [] }]);
  });

  test('an unknown key is reported at its line', () => {
    const { problems } = readPoliciesFile('p.yaml', 'policies:\n  - name: c\n    groups: [c]\n    deny_tool: [Bash]\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ variable: 'POLICIES_FILE', where: expect.stringMatching(/^p\.yaml:[23]$/) });
    expect(problems[0]!.message).toContain('deny_tool');
  });

  test('a YAML syntax error is reported with its line', () => {
    const { problems } = readPoliciesFile('p.yaml', 'policies:\n  - name: [unclosed\n');
    expect(problems[0]).toMatchObject({ where: expect.stringMatching(/^p\.yaml:\d+$/) });
  });

  test('a catch-all before the end and a duplicate name are both reported', () => {
    const { problems } = readPoliciesFile('p.yaml', 'policies:\n  - name: all\n  - name: c\n    groups: [c]\n  - name: c\n    groups: [d]\n');
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('not last'), expect.stringContaining('used twice')]);
  });
});
