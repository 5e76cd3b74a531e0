// The developer's .ovpn: the endpoint's client configuration from EC2, the client certificate
// and key from the local PKI, and the MTU clamp the original learned the hard way (without it
// the TLS handshake to the gateway is black-holed on many networks).
//
// The key: the one cagw made (pki/clients/NAME.key, deleted afterwards when deleteKey: the
// .ovpn is then its only copy, the delivery); else the one an earlier .ovpn of NAME carries
// (written again for a replaced endpoint after its key was deleted); else none, for a developer
// who signed their own request and adds their key themselves.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ExportClientVpnClientConfigurationCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { clientFiles } from '../vpn/vpn-ca.ts';
import { callAws } from './aws-call.ts';

export interface VpnConfigInput {
  endpointId: string;
  pkiDir: string;
  clientName: string;
  outPath: string;
  awsProfile?: string | undefined;
  /** delete pki/clients/NAME.key once it is in the .ovpn */
  deleteKey?: boolean;
}

/** Where the .ovpn's private key came from. */
export type OvpnKeySource = 'pki' | 'previous-ovpn' | 'none';

const KEY_BLOCK = /<key>\n([\s\S]+?)\n<\/key>/;

export async function exportVpnConfig(ec2: EC2Client, input: VpnConfigInput): Promise<string> {
  return (await exportVpnConfigWithKey(ec2, input)).path;
}

export async function exportVpnConfigWithKey(ec2: EC2Client, input: VpnConfigInput): Promise<{ path: string; key: OvpnKeySource; keyDeleted: boolean }> {
  const exported = await callAws('exporting the Client VPN configuration', () => ec2.send(new ExportClientVpnClientConfigurationCommand({ ClientVpnEndpointId: input.endpointId })), { awsProfile: input.awsProfile });
  const files = clientFiles(input.pkiDir, input.clientName);
  const cert = readFileSync(files.cert, 'utf8').trim();
  const previous = existsSync(input.outPath) ? KEY_BLOCK.exec(readFileSync(input.outPath, 'utf8'))?.[1] : undefined;
  const key = existsSync(files.key) ? readFileSync(files.key, 'utf8').trim() : previous;
  const source: OvpnKeySource = existsSync(files.key) ? 'pki' : previous ? 'previous-ovpn' : 'none';
  const text = [
    (exported.ClientConfiguration ?? '').trim(),
    '# keep packets under common tunnel MTUs: TLS to the gateway stalls otherwise',
    'tun-mtu 1300',
    'mssfix 1260',
    `<cert>\n${cert}\n</cert>`,
    ...(key ? [`<key>\n${key}\n</key>`] : [
      `# your private key (the ${input.clientName}.key you made with your request) goes here:`,
      `# paste it between <key> and </key> lines, or add the line: key /full/path/to/${input.clientName}.key`,
    ]),
    '',
  ].join('\n');
  // out/<profile>/ may have been made 0755 by an earlier cagw: the .ovpn folder is its owner's only
  const folder = dirname(input.outPath);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  writeFileSync(input.outPath, text, { mode: 0o600 });
  chmodSync(input.outPath, 0o600);
  const keyDeleted = source === 'pki' && input.deleteKey === true;
  if (keyDeleted) rmSync(files.key, { force: true });
  return { path: input.outPath, key: source, keyDeleted };
}
