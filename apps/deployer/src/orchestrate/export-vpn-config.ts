// The developer's .ovpn: the endpoint's client configuration from EC2, the client certificate
// and key from the local PKI, and the MTU clamp the original learned the hard way (without it
// the TLS handshake to the gateway is black-holed on many networks).
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExportClientVpnClientConfigurationCommand, type EC2Client } from '@aws-sdk/client-ec2';
import { callAws } from './aws-call.ts';

export interface VpnConfigInput {
  endpointId: string;
  pkiDir: string;
  clientName: string;
  outPath: string;
  awsProfile?: string | undefined;
}

export async function exportVpnConfig(ec2: EC2Client, input: VpnConfigInput): Promise<string> {
  const exported = await callAws('exporting the Client VPN configuration', () => ec2.send(new ExportClientVpnClientConfigurationCommand({ ClientVpnEndpointId: input.endpointId })), { awsProfile: input.awsProfile });
  const cert = readFileSync(join(input.pkiDir, `${input.clientName}.crt`), 'utf8').trim();
  const key = readFileSync(join(input.pkiDir, `${input.clientName}.key`), 'utf8').trim();
  const text = [
    (exported.ClientConfiguration ?? '').trim(),
    '# keep packets under common tunnel MTUs: TLS to the gateway stalls otherwise',
    'tun-mtu 1300',
    'mssfix 1260',
    `<cert>\n${cert}\n</cert>`,
    `<key>\n${key}\n</key>`,
    '',
  ].join('\n');
  writeFileSync(input.outPath, text, { mode: 0o600 });
  chmodSync(input.outPath, 0o600);
  return input.outPath;
}
