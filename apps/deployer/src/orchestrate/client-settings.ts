// What developer machines need to sign in through the gateway, as files an MDM can push:
// managed-settings.json, a macOS configuration profile for the com.anthropic.claudecode
// preference domain, and a README: where each file goes on macOS, Linux and Windows, and every
// step a developer takes, the VPN first when the profile has one. Pure; the UUIDs derive from
// the deployment, so the same deployment always gives the same files.
import { createHash } from 'node:crypto';
import { renderManagedSettings } from '@cagw/config-render';
import type { Settings } from '@cagw/profile';

export interface ClientSettingsFile {
  name: string;
  content: string;
}

export interface ClientSettingsInput {
  publicUrl: string;
  stackPrefix: string;
  /** self-signed TLS: laptops must trust the gateway's certificate */
  selfSigned: boolean;
  /** the profile deploys the Client VPN: developers connect to it before anything else */
  vpn: boolean;
}

export const clientSettingsInputOf = (settings: Settings): ClientSettingsInput => ({
  publicUrl: settings.publicUrl, stackPrefix: settings.STACK_PREFIX, selfSigned: settings.tlsMode === 'self-signed', vpn: settings.ENABLE_VPN,
});

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
  const vpnSteps = [
    '1. Connect to the company VPN first: the gateway answers only inside it.',
    '   a. Install an OpenVPN client: the AWS VPN Client (https://aws.amazon.com/vpn/client-vpn-download/, macOS,',
    '      Windows, Ubuntu), or OpenVPN Connect; on other Linux, the openvpn package.',
    '   b. Import the NAME.ovpn your administrator sent you. It holds your VPN key: keep it to yourself, and',
    '      delete the copy in your mail or chat once imported.',
    '        AWS VPN Client   File > Manage Profiles > Add Profile, then choose the .ovpn',
    '        OpenVPN Connect  Import Profile > Upload File',
    '        openvpn          sudo openvpn --config NAME.ovpn   (keep it running in its own terminal)',
    '   c. Connect (AWS VPN Client, OpenVPN Connect: select the profile, Connect), then check that you reach',
    `      the gateway: curl -sS -o /dev/null -w '%{http_code}\\n' ${input.publicUrl}/   (any number means yes)`,
    '',
    '   To keep your VPN key on your own machine instead, make it and a request before you get the .ovpn:',
    '     openssl req -new -newkey rsa:2048 -nodes -keyout NAME.key -out NAME.csr -subj /CN=NAME',
    '   (NAME is the name your administrator gives you), and send only NAME.csr. The administrator signs it',
    '   (cagw vpn add-user NAME --csr NAME.csr) and sends a .ovpn without a key: before importing it, add the',
    '   line  key /full/path/to/NAME.key  to it (or paste NAME.key between <key> and </key> lines).',
    '',
  ];
  const n = input.vpn ? 2 : 1;
  return [
    `Claude Code on developer machines: sign in through ${input.publicUrl}`,
    '',
    'For the administrator: push ONE managed source per machine (a plist or registry policy replaces the file;',
    'each carries all three keys):',
    '',
    'macOS    claude-code-gateway.mobileconfig through your MDM (preference domain com.anthropic.claudecode),',
    '         or managed-settings.json to /Library/Application Support/ClaudeCode/managed-settings.json',
    'Linux    managed-settings.json to /etc/claude-code/managed-settings.json (root-owned, 0644); WSL the same',
    'Windows  managed-settings.json to C:\\Program Files\\ClaudeCode\\managed-settings.json,',
    '         or the same three values as HKLM Group Policy',
    ...(input.selfSigned ? ['', 'Self-signed TLS: also push the gateway certificate and set NODE_EXTRA_CA_CERTS to its path.'] : []),
    '',
    'For each developer, in this order:',
    '',
    ...(input.vpn ? vpnSteps : []),
    `${n}. Install Claude Code if it is not there yet: npm install -g @anthropic-ai/claude-code`,
    `${n + 1}. Check that the managed settings reached your machine (your administrator pushed them; the paths`,
    '   are above): without them Claude Code signs in to Anthropic directly, not through the gateway.',
    ...(input.selfSigned ? [`   Self-signed TLS: NODE_EXTRA_CA_CERTS must name the gateway certificate in the shell you start claude from.`] : []),
    `${n + 2}. Run: claude   then type: /login   (your browser opens the company sign-in; sign in there)`,
    ...(input.vpn ? [`${n + 3}. Next time: connect the VPN, then run claude. Sign-in fails or hangs? Connect the VPN first.`] : []),
    '',
  ].join('\n');
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
