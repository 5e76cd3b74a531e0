// After a deploy, the endpoint's revocation list is brought up to this machine's CA, and left
// alone when it already is: "Uploading a client certificate revocation list resets existing
// client connections" (EC2 API reference, ImportClientVpnClientCertificateRevocationList), so
// importing on every run dropped every VPN session on every deploy.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ImportClientVpnClientCertificateRevocationList.html
//
// The endpoint is the truth, not a record on this machine: a second operator's revoke, or an
// endpoint CloudFormation replaced (it starts without a list), is seen on any machine. So the
// list is read back from the endpoint (ExportClientVpnClientCertificateRevocationList) and:
//   none on the endpoint                      -> import (a new or replaced endpoint)
//   the same list (same DER bytes)            -> nothing: open sessions stay up
//   this machine's is newer (thisUpdate)      -> import (a revoke or `cagw vpn crl` since)
//   the endpoint's is not a list cagw reads   -> import (this CA's list is the one that counts)
//   the endpoint's is newer                   -> keep it: this machine's CA copy is behind,
//                                                importing would un-revoke someone
import type { EC2Client } from '@aws-sdk/client-ec2';
import { CagwError } from '@cagw/errors';
import { readCrl, sameCrl } from './read-crl.ts';
import { endpointCrl, importCrl } from './vpn-endpoint.ts';

export type CrlSync =
  | { action: 'imported'; endpointId: string; reason: 'endpoint-had-none' | 'endpoint-older' | 'endpoint-unreadable' }
  | { action: 'unchanged'; endpointId: string }
  | { action: 'kept-endpoint-newer'; endpointId: string; endpointIssuedAt: Date; localIssuedAt: Date };

export interface LocalCrl {
  pem: string;
  /** where it was read from (pki/crl.pem), for messages */
  path: string;
}

export async function syncCrl(ec2: EC2Client, endpointId: string, local: LocalCrl, awsProfile?: string): Promise<CrlSync> {
  const mine = readCrl(local.pem);
  if (!mine) {
    throw new CagwError('VpnCrlUnreadable', `${local.path} is not a PEM X.509 certificate revocation list, so it was not compared with the one of ${endpointId} nor imported`, {
      source: 'user', where: local.path, fix: 'write it again from the CA database: cagw vpn crl --profile <profile> (it signs a fresh list and imports it)',
    });
  }
  const onEndpoint = await endpointCrl(ec2, endpointId, awsProfile);
  const theirs = onEndpoint === undefined ? undefined : readCrl(onEndpoint);
  if (theirs && sameCrl(mine, theirs)) return { action: 'unchanged', endpointId };
  if (theirs && theirs.issuedAt.getTime() > mine.issuedAt.getTime()) {
    return { action: 'kept-endpoint-newer', endpointId, endpointIssuedAt: theirs.issuedAt, localIssuedAt: mine.issuedAt };
  }
  await importCrl(ec2, endpointId, local.pem, awsProfile);
  return { action: 'imported', endpointId, reason: theirs ? 'endpoint-older' : onEndpoint === undefined ? 'endpoint-had-none' : 'endpoint-unreadable' };
}
