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

  test('an unknown key is reported at its own line, with the key it is a slip of', () => {
    const { problems } = readPoliciesFile('p.yaml', 'policies:\n  - name: c\n    groups: [c]\n    deny_tool: [Bash]\n');
    expect(problems).toEqual([{
      variable: 'POLICIES_FILE', where: 'p.yaml:4',
      message: 'policies.0 (policy "c") has the key "deny_tool", which is not a key of a policy',
      fix: 'did you mean "deny_tools"? the keys are name, groups, models, deny_tools, env',
    }]);
  });

  // issue 22: a misspelt key no longer hides the other problems; models and tools are checked as the gateway checks them
  const MODELS = { models: ['opus', 'sonnet', 'haiku', 'claude-sonnet-5'] };
  const EVERY_KIND = [
    'policies:',
    '  - name: engineering',
    '    groups: [engineering]',
    '    models: [opsu, sonnet]',
    '  - name: contractors',
    '    groups: [contractors]',
    '    deny_tools: [bash, WebFetch, Bsah, "webfetch(domain:example.com)"]',
    '  - name: finance',
    '    groups: [finance]',
    '    model: [sonnet]',
    '  - name: all',
    '  - name: late',
    '    groups: [late]',
  ].join('\n');

  test('every problem of the file at once, each at its line with the fix', () => {
    const { problems } = readPoliciesFile('p.yaml', EVERY_KIND, MODELS);
    expect(problems.map((p) => [p.where, p.message, p.fix])).toEqual([
      ['p.yaml:4', 'policies.0 (policy "engineering") allows model "opsu", which the gateway does not offer', 'did you mean "opus"? use one of: opus, sonnet, haiku, claude-sonnet-5'],
      ['p.yaml:7', 'policies.1 (policy "contractors") denies "bash": the gateway refuses a tool name that does not start with a capital', 'did you mean "Bash"?'],
      ['p.yaml:7', 'policies.1 (policy "contractors") denies "Bsah", which is no Claude Code tool, so it denies nothing', 'did you mean "Bash"?'],
      ['p.yaml:7', 'policies.1 (policy "contractors") denies "webfetch(domain:example.com)": the gateway refuses a tool name that does not start with a capital', 'did you mean "WebFetch(domain:example.com)"?'],
      ['p.yaml:10', 'policies.2 (policy "finance") has the key "model", which is not a key of a policy', 'did you mean "models"? the keys are name, groups, models, deny_tools, env'],
      ['p.yaml:11', 'policy "all" has no groups (a catch-all) but is not last, so the policies after it never match', 'move it to the end, or give it groups'],
    ]);
  });

  test('models are checked only against the list the caller passes; tools the gateway accepts pass', () => {
    expect(readPoliciesFile('p.yaml', 'policies:\n  - name: all\n    models: [opsu]\n').problems).toEqual([]);
    const accepted = ['Bash', 'Bash(curl:*)', 'Agent(model:opus)', 'NotebookEdit', 'mcp__github', 'mcp__github__*', '*', 'Monitor'];
    const { problems } = readPoliciesFile('p.yaml', `policies:\n  - name: all\n    models: [opus, claude-sonnet-5]\n    deny_tools: [${accepted.map((t) => JSON.stringify(t)).join(', ')}]\n`, MODELS);
    expect(problems).toEqual([]);
  });

  test('a misspelt top-level key and a list written as one value each name the fix', () => {
    expect(readPoliciesFile('p.yaml', 'policy:\n  - name: a\n').problems).toEqual([
      { variable: 'POLICIES_FILE', where: 'p.yaml:1', message: 'the file has no policies', fix: 'see profiles/policies.example.yaml for the format' },
      { variable: 'POLICIES_FILE', where: 'p.yaml:1', message: 'the file has the key "policy", which is not a key of the file', fix: 'did you mean "policies"? the keys are policies' },
    ]);
    expect(readPoliciesFile('p.yaml', 'policies:\n  - name: a\n    models: opus\n').problems).toEqual([
      { variable: 'POLICIES_FILE', where: 'p.yaml:3', message: 'policies.0 (policy "a") models: Invalid input: expected array, received string', fix: 'write a list: models: [sonnet, haiku]' }]);
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
