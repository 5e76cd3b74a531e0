// The deployed Client VPN endpoint, as the vpn commands meet it: its id (from the VPN stack's
// output), the CRL it checks client certificates against, and the connections of a developer.
import { DescribeStacksCommand, type CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  DescribeClientVpnConnectionsCommand, ExportClientVpnClientCertificateRevocationListCommand, ImportClientVpnClientCertificateRevocationListCommand,
  TerminateClientVpnConnectionsCommand, type EC2Client,
} from '@aws-sdk/client-ec2';
import { callAws } from '../orchestrate/aws-call.ts';
import { isBusy } from '../orchestrate/live-stack.ts';

/** The endpoint id, or undefined while the VPN stack is not deployed. */
export async function vpnEndpointId(cfn: CloudFormationClient, vpnStackName: string, awsProfile?: string): Promise<string | undefined> {
  const described = await callAws(`reading stack ${vpnStackName}`, () => cfn.send(new DescribeStacksCommand({ StackName: vpnStackName })).catch((e: unknown) => {
    if ((e as Error)?.name === 'ValidationError' && /does not exist/.test((e as Error).message)) return undefined;
    throw e;
  }), { awsProfile });
  return described?.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'ClientVpnEndpointId')?.OutputValue;
}

/**
 * The endpoint id once CloudFormation is done with the VPN stack (created, updated, or rolled
 * back), or undefined while it still works on it: during an update the outputs are the old
 * endpoint's, which a replacement is about to delete.
 */
export async function settledVpnEndpointId(cfn: CloudFormationClient, vpnStackName: string, awsProfile?: string): Promise<string | undefined> {
  const described = await callAws(`reading stack ${vpnStackName}`, () => cfn.send(new DescribeStacksCommand({ StackName: vpnStackName })).catch((e: unknown) => {
    if ((e as Error)?.name === 'ValidationError' && /does not exist/.test((e as Error).message)) return undefined;
    throw e;
  }), { awsProfile });
  const stack = described?.Stacks?.[0];
  if (!stack?.StackStatus || isBusy(stack.StackStatus)) return undefined;
  return stack.Outputs?.find((o) => o.OutputKey === 'ClientVpnEndpointId')?.OutputValue;
}

/**
 * Replaces the endpoint's CRL. Client VPN keeps one list per endpoint and refuses a client
 * whose certificate it names; an endpoint created again (a replacement) starts without one.
 * An import resets every open connection of the endpoint, so a deploy imports only a list
 * that changed (sync-crl.ts).
 * https://docs.aws.amazon.com/vpn/latest/clientvpn-admin/cvpn-working-certificates.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ImportClientVpnClientCertificateRevocationList.html
 */
export async function importCrl(ec2: EC2Client, endpointId: string, crl: string, awsProfile?: string): Promise<void> {
  await callAws(`importing the certificate revocation list into ${endpointId}`, () => ec2.send(new ImportClientVpnClientCertificateRevocationListCommand({
    ClientVpnEndpointId: endpointId, CertificateRevocationList: crl,
  })), { awsProfile });
}

/**
 * The CRL the endpoint holds now, or undefined when it has none (an endpoint just created).
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ExportClientVpnClientCertificateRevocationList.html
 */
export async function endpointCrl(ec2: EC2Client, endpointId: string, awsProfile?: string): Promise<string | undefined> {
  const r = await callAws(`reading the certificate revocation list of ${endpointId}`, () => ec2.send(new ExportClientVpnClientCertificateRevocationListCommand({ ClientVpnEndpointId: endpointId })), { awsProfile });
  return r.CertificateRevocationList || undefined;
}

/** pending | active | expired, or undefined when the endpoint has no CRL. */
export async function crlStatus(ec2: EC2Client, endpointId: string, awsProfile?: string): Promise<string | undefined> {
  const r = await callAws(`reading the certificate revocation list of ${endpointId}`, () => ec2.send(new ExportClientVpnClientCertificateRevocationListCommand({ ClientVpnEndpointId: endpointId })), { awsProfile });
  return r.CertificateRevocationList ? r.Status?.Code : undefined;
}

/**
 * Ends the revoked developer's open sessions: a new CRL refuses new connections but does not
 * close the ones already up. With certificate authentication a connection carries the
 * certificate's common name. Returns the ids ended.
 */
export async function disconnect(ec2: EC2Client, endpointId: string, commonNames: string | readonly string[], awsProfile?: string): Promise<string[]> {
  // one listing for a whole batch of revoked names
  const names = new Set(typeof commonNames === 'string' ? [commonNames] : commonNames);
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await callAws(`listing the connections of ${endpointId}`, () => ec2.send(new DescribeClientVpnConnectionsCommand({ ClientVpnEndpointId: endpointId, NextToken: token })), { awsProfile });
    for (const c of page.Connections ?? []) {
      if (c.CommonName !== undefined && names.has(c.CommonName) && c.Status?.Code === 'active' && c.ConnectionId) ids.push(c.ConnectionId);
    }
    token = page.NextToken;
  } while (token);
  for (const id of ids) {
    await callAws(`ending connection ${id}`, () => ec2.send(new TerminateClientVpnConnectionsCommand({ ClientVpnEndpointId: endpointId, ConnectionId: id })), { awsProfile });
  }
  return ids;
}
