import { execFileSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { clientSettingsFiles } from './client-settings.ts';

const input = { publicUrl: 'https://claude.example.com', stackPrefix: 'acme', selfSigned: false, vpn: false };
const file = (name: string, i = input) => clientSettingsFiles(i).find((f) => f.name === name)?.content ?? '';

test('managed-settings.json forces sign-in through the gateway', () => {
  expect(JSON.parse(file('managed-settings.json'))).toEqual({ forceLoginMethod: 'gateway', forceLoginGatewayUrl: 'https://claude.example.com', parentSettingsBehavior: 'merge' });
});

test('the mobileconfig parses as a plist (python plistlib) and carries the three keys for com.anthropic.claudecode', () => {
  const text = file('claude-code-gateway.mobileconfig');
  const parsed = JSON.parse(execFileSync('python3', ['-c', 'import json,plistlib,sys; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))'], { input: text }).toString());
  expect(parsed.PayloadType).toBe('Configuration');
  expect(parsed.PayloadContent[0]).toMatchObject({
    PayloadType: 'com.anthropic.claudecode', forceLoginMethod: 'gateway', forceLoginGatewayUrl: 'https://claude.example.com', parentSettingsBehavior: 'merge',
  });
});

test('the same deployment always gives the same files; another gives other UUIDs', () => {
  expect(file('claude-code-gateway.mobileconfig')).toBe(file('claude-code-gateway.mobileconfig'));
  const uuids = (t: string) => [...t.matchAll(/<key>PayloadUUID<\/key>\s*<string>([^<]+)</g)].map((m) => m[1]);
  expect(uuids(file('claude-code-gateway.mobileconfig'))).not.toEqual(uuids(file('claude-code-gateway.mobileconfig', { ...input, stackPrefix: 'globex' })));
  expect(uuids(file('claude-code-gateway.mobileconfig'))[0]).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-8[0-9A-F]{3}-[0-9A-F]{12}$/);
});

test('values are XML-escaped', () => {
  const text = file('claude-code-gateway.mobileconfig', { ...input, publicUrl: 'https://a.example.com/?x=1&y=<2>' });
  const url = execFileSync('python3', ['-c', 'import plistlib,sys; print(plistlib.loads(sys.stdin.buffer.read())["PayloadContent"][0]["forceLoginGatewayUrl"])'], { input: text }).toString().trim();
  expect(url).toBe('https://a.example.com/?x=1&y=<2>');
});

test('the placement notes name every platform, and the certificate with self-signed TLS', () => {
  const notes = file('README.txt', { ...input, selfSigned: true });
  for (const p of ['/Library/Application Support/ClaudeCode/managed-settings.json', '/etc/claude-code/managed-settings.json', 'C:\\Program Files\\ClaudeCode\\managed-settings.json', 'NODE_EXTRA_CA_CERTS']) expect(notes).toContain(p);
  expect(file('README.txt')).not.toContain('NODE_EXTRA_CA_CERTS');
});

test('the README walks a developer through every step, in order, the VPN first when the profile has one', () => {
  const notes = file('README.txt', { ...input, vpn: true });
  const steps = ['a. Install an OpenVPN client', 'b. Import the NAME.ovpn', 'c. Connect', 'npm install -g @anthropic-ai/claude-code', 'managed settings reached your machine', 'claude   then type: /login'];
  const at = steps.map((s) => notes.indexOf(s));
  expect(at.every((i) => i >= 0), `missing: ${steps.filter((_, i) => at[i] === -1).join(', ')}`).toBe(true);
  expect(at).toEqual([...at].sort((a, b) => a - b));
  expect(notes).toContain('curl -sS -o /dev/null');
  // a developer may keep the VPN key on their machine: the request, and where the key goes after
  expect(notes).toContain('openssl req -new -newkey rsa:2048 -nodes -keyout NAME.key -out NAME.csr -subj /CN=NAME');
  expect(notes).toContain('key /full/path/to/NAME.key');
  const plain = file('README.txt');
  expect(plain).not.toMatch(/VPN|ovpn/);
  expect(plain).toMatch(/1\. Install Claude Code[\s\S]*3\. Run: claude {3}then type: \/login/);
});
