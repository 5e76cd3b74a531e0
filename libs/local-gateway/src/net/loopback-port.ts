import { connect, createServer } from 'node:net';
import { CagwError } from '@cagw/errors';

export const LOOPBACK_HOST = '127.0.0.1';

/** A port on 127.0.0.1 that nothing listens on right now (the kernel picks it). */
export function findFreeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK_HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Throws PortInUse when something already listens on 127.0.0.1:port. */
export function assertLoopbackPortFree(port: number, whatFor: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new CagwError('PortInUse', `port ${port} on ${LOOPBACK_HOST} is already in use, so the ${whatFor} cannot listen on it`, {
          source: 'user',
          where: `${LOOPBACK_HOST}:${port}`,
          fix: `stop what listens there (ss -ltnp 'sport = :${port}') or choose another port`,
          cause: error,
        }),
      );
    });
    server.listen(port, LOOPBACK_HOST, () => server.close(() => resolve()));
  });
}

/** True when a TCP connection to 127.0.0.1:port is accepted. */
export function isLoopbackPortListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK_HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
