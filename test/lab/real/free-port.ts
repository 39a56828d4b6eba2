/**
 * A free loopback port for a server that cannot listen on port 0 itself (nginx reads its port
 * from its config). The port is free when this resolves, not promised to stay free: callers that
 * hand it to another process retry on EADDRINUSE.
 */
import { type AddressInfo, createServer } from "node:net";

export const LOOPBACK = "127.0.0.1";

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolvePort, rejectPort) => {
    const probe = createServer();
    probe.once("error", rejectPort);
    probe.listen(0, LOOPBACK, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close((err) => (err ? rejectPort(err) : resolvePort(port)));
    });
  });
}
