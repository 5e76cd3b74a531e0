// cagw vpn's work, without argv or printing: add a developer (certificate, then their .ovpn
// when the endpoint is deployed), revoke one (CRL to the endpoint, their sessions ended),
// list them, and put the current CRL back on the endpoint.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { CagwError } from '@cagw/errors';
import { exportVpnConfig } from '../orchestrate/export-vpn-config.ts';
import { crlStatus, disconnect, importCrl, vpnEndpointId } from './vpn-endpoint.ts';
import { crlPath, generateCrl, issueClientCertificate, listClientCertificates, openVpnCa, revokeClientCertificate, type ClientCertificate } from './vpn-ca.ts';

export interface VpnContext {
  cfn: CloudFormationClient;
  ec2: EC2Client;
  /** out/<profile>/: the .ovpn files */
  outDir: string;
  /** out/<profile>/pki/: the CA and the certificates */
  pkiDir: string;
  prefix: string;
  vpnStackName: string;
  /** reads the CA passphrase (only commands that sign ask for it) */
  passphrase: () => string;
  awsProfile?: string | undefined;
}

export const ovpnPathOf = (ctx: Pick<VpnContext, 'outDir'>, name: string) => join(ctx.outDir, `${name}.ovpn`);

export async function addUser(ctx: VpnContext, name: string): Promise<{ certificate: ClientCertificate; ovpnPath?: string }> {
  const ca = await openVpnCa(ctx.pkiDir, ctx.prefix, ctx.passphrase());
  await issueClientCertificate(ca, name);
  const certificate = listClientCertificates(ctx.pkiDir).filter((c) => c.name === name).pop() as ClientCertificate;
  const endpointId = await vpnEndpointId(ctx.cfn, ctx.vpnStackName, ctx.awsProfile);
  if (!endpointId) return { certificate };
  const ovpnPath = await exportVpnConfig(ctx.ec2, { endpointId, pkiDir: ctx.pkiDir, clientName: name, outPath: ovpnPathOf(ctx, name), awsProfile: ctx.awsProfile });
  return { certificate, ovpnPath };
}

export async function revokeUser(ctx: VpnContext, name: string): Promise<{ endpointId?: string; disconnected: string[] }> {
  const ca = await openVpnCa(ctx.pkiDir, ctx.prefix, ctx.passphrase());
  // the endpoint first: a revoke that cannot reach it should not leave the CA ahead of it silently
  const endpointId = await vpnEndpointId(ctx.cfn, ctx.vpnStackName, ctx.awsProfile);
  const crl = await revokeClientCertificate(ca, name);
  rmSync(ovpnPathOf(ctx, name), { force: true });
  if (!endpointId) return { disconnected: [] };
  await importCrl(ctx.ec2, endpointId, crl, ctx.awsProfile);
  return { endpointId, disconnected: await disconnect(ctx.ec2, endpointId, name, ctx.awsProfile) };
}

export async function listUsers(ctx: VpnContext): Promise<{ certificates: ClientCertificate[]; endpointId?: string; crl?: string; endpointUnreadable?: CagwError }> {
  const certificates = listClientCertificates(ctx.pkiDir);
  try {
    const endpointId = await vpnEndpointId(ctx.cfn, ctx.vpnStackName, ctx.awsProfile);
    if (!endpointId) return { certificates };
    const crl = await crlStatus(ctx.ec2, endpointId, ctx.awsProfile);
    return { certificates, endpointId, ...(crl ? { crl } : {}) };
  } catch (e) {
    // the local list is still worth showing without AWS (signed out, offline)
    if (!CagwError.is(e)) throw e;
    return { certificates, endpointUnreadable: e };
  }
}

/** Renews the CRL (it expires after a year) and imports it; a deploy puts it on a replaced endpoint by itself (sync-crl.ts). */
export async function refreshCrl(ctx: VpnContext): Promise<{ endpointId: string }> {
  const endpointId = await vpnEndpointId(ctx.cfn, ctx.vpnStackName, ctx.awsProfile);
  if (!endpointId) {
    throw new CagwError('VpnNotDeployed', `the VPN stack ${ctx.vpnStackName} is not deployed`, { source: 'user', where: ctx.vpnStackName, fix: 'set ENABLE_VPN=true and run cagw deploy' });
  }
  const ca = await openVpnCa(ctx.pkiDir, ctx.prefix, ctx.passphrase());
  await importCrl(ctx.ec2, endpointId, await generateCrl(ca), ctx.awsProfile);
  return { endpointId };
}

/** The CRL written by the last revoke, if any (a deploy puts it back on a new endpoint). */
export function currentCrl(pkiDir: string): string | undefined {
  const path = crlPath(pkiDir);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
