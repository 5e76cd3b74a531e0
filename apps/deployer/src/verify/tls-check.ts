// What the first TLS handshake of a developer's Claude Code would find: a certificate valid for
// the name, trusted (by the system store or the profile's own CA), and not about to expire.
import { connect, rootCertificates } from 'node:tls';

export interface TlsFinding {
  /** the handshake completed and the certificate is trusted for the name */
  trusted: boolean;
  /** Node's verdict when it is not: CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, SELF_SIGNED_CERT_IN_CHAIN... */
  error?: string;
  validTo?: Date;
  subject?: string;
}

export function inspectTls(host: string, port: number, extraCa: string | undefined, timeoutMs = 10_000): Promise<TlsFinding> {
  return new Promise((resolve) => {
    const socket = connect({
      host,
      port,
      // SNI takes names only; an address is still checked against the certificate's IP entries
      ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
      ...(extraCa ? { ca: [...rootCertificates, extraCa] } : {}),
      // read the certificate and Node's verdict instead of failing the handshake
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate();
      const finding: TlsFinding = {
        trusted: socket.authorized,
        ...(socket.authorized ? {} : { error: String(socket.authorizationError) }),
        ...(cert.valid_to ? { validTo: new Date(cert.valid_to) } : {}),
        ...(cert.subject?.CN ? { subject: String(cert.subject.CN) } : {}),
      };
      socket.end();
      resolve(finding);
    });
    socket.once('timeout', () => socket.destroy(new Error(`no TLS handshake within ${timeoutMs / 1000} s`)));
    socket.once('error', (error) => resolve({ trusted: false, error: (error as NodeJS.ErrnoException).code ?? error.message }));
  });
}
