// Client VPN endpoints as EC2 answers for their revocation lists, for deploy tests: the
// endpoints are the ones the strict fake CloudFormation holds (a replaced endpoint is a new id,
// the old one is gone). What EC2 does that the deploy must respect:
// - an id that names no endpoint is InvalidClientVpnEndpointId.NotFound;
// - a new endpoint has no revocation list: Export answers without CertificateRevocationList
//   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ExportClientVpnClientCertificateRevocationList.html
// - Import refuses text that is not a PEM X.509 CRL, overwrites the endpoint's list, and
//   "resets existing client connections": every import counts as one reset of its endpoint
//   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ImportClientVpnClientCertificateRevocationList.html
// - ExportClientVpnClientConfiguration answers with a configuration naming the endpoint.
import {
  EC2ServiceException, ExportClientVpnClientCertificateRevocationListCommand, ExportClientVpnClientConfigurationCommand,
  ImportClientVpnClientCertificateRevocationListCommand,
} from '@aws-sdk/client-ec2';
import type { AwsStub } from 'aws-sdk-client-mock';

const ec2Error = (name: string, message: string) => new EC2ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });

export class FakeClientVpn {
  private readonly crls = new Map<string, string>();
  private readonly resetCounts = new Map<string, number>();

  /** exists: whether an endpoint of that id exists now (the fake CloudFormation's resources) */
  constructor(private readonly exists: (endpointId: string) => boolean) {}

  reset(): void {
    this.crls.clear();
    this.resetCounts.clear();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- aws-sdk-client-mock's stub is generic over every command
  install(mock: AwsStub<any, any, any>): void {
    mock.on(ExportClientVpnClientCertificateRevocationListCommand).callsFake(async (i) => {
      const id = this.known(i.ClientVpnEndpointId);
      const crl = this.crls.get(id);
      return crl ? { CertificateRevocationList: crl, Status: { Code: 'active' } } : {};
    });
    mock.on(ImportClientVpnClientCertificateRevocationListCommand).callsFake(async (i) => {
      const id = this.known(i.ClientVpnEndpointId);
      if (!/^-----BEGIN X509 CRL-----[\s\S]+-----END X509 CRL-----\s*$/.test(i.CertificateRevocationList ?? '')) throw ec2Error('InvalidParameterValue', 'The certificate revocation list is not valid');
      this.importList(id, i.CertificateRevocationList);
      return { Return: true };
    });
    mock.on(ExportClientVpnClientConfigurationCommand).callsFake(async (i) => {
      const id = this.known(i.ClientVpnEndpointId);
      return { ClientConfiguration: `client\ndev tun\nproto udp\nremote ${id}.prod.clientvpn.us-east-1.amazonaws.com 443\nremote-random-hostname\n` };
    });
  }

  /** another operator's import, from another machine */
  importList(endpointId: string, crl: string): void {
    this.crls.set(endpointId, crl);
    this.resetCounts.set(endpointId, (this.resetCounts.get(endpointId) ?? 0) + 1);
  }

  crlOf(endpointId: string): string | undefined {
    return this.crls.get(endpointId);
  }

  /** how often the endpoint's open connections were reset by an import */
  resets(endpointId: string): number {
    return this.resetCounts.get(endpointId) ?? 0;
  }

  private known(id: string | undefined): string {
    if (!id || !this.exists(id)) throw ec2Error('InvalidClientVpnEndpointId.NotFound', `The Client VPN endpoint ID '${id}' does not exist`);
    return id;
  }
}
