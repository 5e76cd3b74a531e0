// cagw vpn's work, without argv or printing: add developers (certificate, then their .ovpn
// when the endpoint is deployed, after which cagw deletes the key it made: the .ovpn is the
// delivery), or sign a developer's own request; revoke them (one CRL to the endpoint, their
// sessions ended); list them, and put the current CRL back on the endpoint.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { EC2Client } from '@aws-sdk/client-ec2';
import { CagwError } from '@cagw/errors';
import { exportVpnConfigWithKey } from '../orchestrate/export-vpn-config.ts';
import { assertClientName } from './client-name.ts';
import type { ListedUser } from './user-list.ts';
import { crlStatus, disconnect, importCrl, vpnEndpointId } from './vpn-endpoint.ts';
import {
  clientFiles, crlPath, generateCrl, issueClientCertificate, issueClientCertificateFromCsr, listClientCertificates, openVpnCa, revocationProblem, revokeClientCertificates,
  type ClientCertificate, type VpnCa,
} from './vpn-ca.ts';

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
  passphrase: () => string | Promise<string>;
  awsProfile?: string | undefined;
}

export const ovpnPathOf = (ctx: Pick<VpnContext, 'outDir'>, name: string) => join(ctx.outDir, `${name}.ovpn`);

/**
 * Where the developer's private key is after add-user:
 *   in-ovpn         made by cagw, written into the .ovpn, deleted from pki/ (hand the .ovpn over, then delete it)
 *   awaiting-ovpn   made by cagw and kept in pki/clients/ until the VPN is deployed and the .ovpn written
 *   developer       never here: the developer sent a certificate signing request
 */
export type ClientKeyPlace = 'in-ovpn' | 'awaiting-ovpn' | 'developer';

export interface AddedUser {
  certificate: ClientCertificate;
  ovpnPath?: string;
  key: ClientKeyPlace;
}

export interface AddUserOptions {
  /** the developer's own certificate signing request, and where it came from (for messages) */
  csr?: { pem: string; where: string };
}

/** out/<profile>/ holds .ovpn files and pki/: its owner's only, also when an earlier cagw made it 0755. */
function privateOutDir(ctx: Pick<VpnContext, 'outDir'>): void {
  mkdirSync(ctx.outDir, { recursive: true, mode: 0o700 });
  chmodSync(ctx.outDir, 0o700);
}

async function issueAndExport(ctx: VpnContext, ca: VpnCa, endpointId: string | undefined, name: string, options: AddUserOptions): Promise<AddedUser> {
  if (options.csr) await issueClientCertificateFromCsr(ca, name, options.csr.pem, options.csr.where);
  else await issueClientCertificate(ca, name);
  const certificate = listClientCertificates(ctx.pkiDir).filter((c) => c.name === name).pop() as ClientCertificate;
  if (!endpointId) return { certificate, key: options.csr ? 'developer' : 'awaiting-ovpn' };
  const exported = await exportVpnConfigWithKey(ctx.ec2, { endpointId, pkiDir: ctx.pkiDir, clientName: name, outPath: ovpnPathOf(ctx, name), awsProfile: ctx.awsProfile, deleteKey: true });
  return { certificate, ovpnPath: exported.path, key: options.csr ? 'developer' : 'in-ovpn' };
}

export async function addUser(ctx: VpnContext, name: string, options: AddUserOptions = {}): Promise<AddedUser> {
  assertClientName(name);
  privateOutDir(ctx);
  const ca = await openVpnCa(ctx.pkiDir, ctx.prefix, await ctx.passphrase());
  const endpointId = await vpnEndpointId(ctx.cfn, ctx.vpnStackName, ctx.awsProfile);
  const pending = endpointId ? await exportPending(ctx, endpointId, name, options.csr !== undefined) : undefined;
  if (pending) return pending;
  return issueAndExport(ctx, ca, endpointId, name, options);
}

/**
 * A user added before the VPN was deployed has a valid certificate but no .ovpn: add-user again
 * writes it instead of refusing the name, with the key cagw made (then deleted), or without a
 * key for a developer who sent a request (add-user NAME --csr FILE again).
 */
async function exportPending(ctx: VpnContext, endpointId: string, name: string, ownKey: boolean): Promise<AddedUser | undefined> {
  const certificate = listClientCertificates(ctx.pkiDir).filter((c) => c.name === name && c.status === 'valid').pop();
  if (!certificate || existsSync(ovpnPathOf(ctx, name))) return undefined;
  const keyHere = existsSync(clientFiles(ctx.pkiDir, name).key);
  if (!keyHere && !ownKey) return undefined;
  const exported = await exportVpnConfigWithKey(ctx.ec2, { endpointId, pkiDir: ctx.pkiDir, clientName: name, outPath: ovpnPathOf(ctx, name), awsProfile: ctx.awsProfile, deleteKey: true });
  return { certificate, ovpnPath: exported.path, key: exported.key === 'pki' ? 'in-ovpn' : 'developer' };
}

export interface AddedUsers {
  added: AddedUser[];
  /** already holding a valid certificate: not issued again */
  skipped: { name: string; where: string; reason: string }[];
}

/** Every user of a list (checked whole by readUserList): one CA open, one endpoint lookup; names already issued are skipped. */
export async function addUsers(ctx: VpnContext, users: ListedUser[]): Promise<AddedUsers> {
  privateOutDir(ctx);
  const ca = await openVpnCa(ctx.pkiDir, ctx.prefix, await ctx.passphrase());
  const endpointId = await vpnEndpointId(ctx.cfn, ctx.vpnStackName, ctx.awsProfile);
  const result: AddedUsers = { added: [], skipped: [] };
  for (const user of users) {
    const pending = endpointId ? await exportPending(ctx, endpointId, user.name, false) : undefined;
    if (pending) {
      result.added.push(pending);
      continue;
    }
    const current = listClientCertificates(ctx.pkiDir).find((c) => c.name === user.name && c.status === 'valid');
    if (current) {
      result.skipped.push({ name: user.name, where: user.where, reason: `already has a valid certificate (serial ${current.serial}, until ${current.expires.toISOString().slice(0, 10)})` });
      continue;
    }
    result.added.push(await issueAndExport(ctx, ca, endpointId, user.name, {}));
  }
  return result;
}

export async function revokeUser(ctx: VpnContext, name: string): Promise<{ endpointId?: string; disconnected: string[] }> {
  assertClientName(name);
  const revoked = await revokeNames(ctx, [name], (problem) => {
    throw problem;
  });
  return { ...(revoked.endpointId ? { endpointId: revoked.endpointId } : {}), disconnected: revoked.disconnected };
}

export interface RevokedUsers {
  revoked: string[];
  /** unknown, or revoked already: nothing to do */
  skipped: { name: string; where: string; reason: string }[];
  endpointId?: string;
  disconnected: string[];
}

/** Revokes every user of a list with ONE new CRL and one import (each import resets the endpoint's sessions). */
export async function revokeUsers(ctx: VpnContext, users: ListedUser[]): Promise<RevokedUsers> {
  const skipped: RevokedUsers['skipped'] = [];
  const where = new Map(users.map((u) => [u.name, u.where]));
  const done = await revokeNames(ctx, users.map((u) => u.name), (problem, name) => {
    skipped.push({ name, where: where.get(name) ?? name, reason: problem.message });
  });
  return { ...done, skipped };
}

async function revokeNames(ctx: VpnContext, names: string[], onProblem: (problem: CagwError, name: string) => void): Promise<Omit<RevokedUsers, 'skipped'>> {
  privateOutDir(ctx);
  const ca = await openVpnCa(ctx.pkiDir, ctx.prefix, await ctx.passphrase());
  const toRevoke = names.filter((name) => {
    const problem = revocationProblem(ca, name);
    if (problem) onProblem(problem, name);
    return !problem;
  });
  if (toRevoke.length === 0) return { revoked: [], disconnected: [] };
  // the endpoint first: a revoke that cannot reach it should not leave the CA ahead of it silently
  const endpointId = await vpnEndpointId(ctx.cfn, ctx.vpnStackName, ctx.awsProfile);
  const crl = await revokeClientCertificates(ca, toRevoke);
  for (const name of toRevoke) rmSync(ovpnPathOf(ctx, name), { force: true });
  if (!endpointId) return { revoked: toRevoke, disconnected: [] };
  await importCrl(ctx.ec2, endpointId, crl, ctx.awsProfile);
  return { revoked: toRevoke, endpointId, disconnected: await disconnect(ctx.ec2, endpointId, toRevoke, ctx.awsProfile) };
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
  const ca = await openVpnCa(ctx.pkiDir, ctx.prefix, await ctx.passphrase());
  await importCrl(ctx.ec2, endpointId, await generateCrl(ca), ctx.awsProfile);
  return { endpointId };
}

/** The CRL written by the last revoke, if any (a deploy puts it back on a new endpoint). */
export function currentCrl(pkiDir: string): string | undefined {
  const path = crlPath(pkiDir);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
