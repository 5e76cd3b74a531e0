// What developer machines need to sign in through the gateway, as files an MDM can push:
// managed-settings.json, a macOS configuration profile for the com.anthropic.claudecode
// preference domain, and where each file goes on macOS, Linux and Windows. Pure; the UUIDs
// derive from the deployment, so the same deployment always gives the same files.
import { createHash } from 'node:crypto';
import { renderManagedSettings } from '@cagw/config-render';

export interface ClientSettingsFile {
  name: string;
  content: string;
}

export interface ClientSettingsInput {
  publicUrl: string;
  stackPrefix: string;
  /** self-signed TLS: laptops must trust the gateway's certificate */
  selfSigned: boolean;
}

const PREFERENCE_DOMAIN = 'com.anthropic.claudecode';

export function clientSettingsFiles(input: ClientSettingsInput): ClientSettingsFile[] {
  const settings = renderManagedSettings({ publicUrl: input.publicUrl });
  return [
    { name: 'managed-settings.json', content: `${JSON.stringify(settings, null, 2)}\n` },
    { name: 'claude-code-gateway.mobileconfig', content: mobileconfig(settings as unknown as Record<string, string>, input) },
    { name: 'README.txt', content: placement(input) },
  ];
}

function mobileconfig(settings: Record<string, string>, input: ClientSettingsInput): string {
  const uuid = (salt: string) => {
    const h = createHash('sha256').update(`${input.stackPrefix}|${input.publicUrl}|${salt}`).digest('hex').toUpperCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  const keys = Object.entries(settings).map(([k, v]) => `\t\t\t<key>${xml(k)}</key>\n\t\t\t<string>${xml(String(v))}</string>`).join('\n');
  const id = `${PREFERENCE_DOMAIN}.gateway.${input.stackPrefix}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
\t<key>PayloadContent</key>
\t<array>
\t\t<dict>
\t\t\t<key>PayloadType</key>
\t\t\t<string>${PREFERENCE_DOMAIN}</string>
\t\t\t<key>PayloadIdentifier</key>
\t\t\t<string>${xml(id)}.settings</string>
\t\t\t<key>PayloadUUID</key>
\t\t\t<string>${uuid('settings')}</string>
\t\t\t<key>PayloadVersion</key>
\t\t\t<integer>1</integer>
${keys}
\t\t</dict>
\t</array>
\t<key>PayloadDisplayName</key>
\t<string>Claude Code: sign in through ${xml(input.publicUrl)}</string>
\t<key>PayloadIdentifier</key>
\t<string>${xml(id)}</string>
\t<key>PayloadScope</key>
\t<string>System</string>
\t<key>PayloadType</key>
\t<string>Configuration</string>
\t<key>PayloadUUID</key>
\t<string>${uuid('profile')}</string>
\t<key>PayloadVersion</key>
\t<integer>1</integer>
</dict>
</plist>
`;
}

function placement(input: ClientSettingsInput): string {
  return [
    `Claude Code on developer machines: sign in through ${input.publicUrl}`,
    '',
    'Push ONE managed source per machine (a plist or registry policy replaces the file; each carries all three keys):',
    '',
    'macOS    claude-code-gateway.mobileconfig through your MDM (preference domain com.anthropic.claudecode),',
    '         or managed-settings.json to /Library/Application Support/ClaudeCode/managed-settings.json',
    'Linux    managed-settings.json to /etc/claude-code/managed-settings.json (root-owned, 0644); WSL the same',
    'Windows  managed-settings.json to C:\\Program Files\\ClaudeCode\\managed-settings.json,',
    '         or the same three values as HKLM Group Policy',
    '',
    'Then each developer runs: claude /login',
    ...(input.selfSigned ? ['', 'Self-signed TLS: also push the gateway certificate and set NODE_EXTRA_CA_CERTS to its path.'] : []),
    '',
  ].join('\n');
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
