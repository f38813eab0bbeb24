// A TCP forwarder that can be switched off and on again on the same port: "the service is down"
// for a client configured with this address (connections refused, open ones cut).
import net from "node:net";

export type SwitchProxy = {
  port: number;
  url: (scheme: string) => string;
  up: () => Promise<void>;
  down: () => Promise<void>;
  isUp: () => boolean;
  close: () => Promise<void>;
};

export async function startSwitchProxy(targetPort: number, targetHost = "127.0.0.1"): Promise<SwitchProxy> {
  let server: net.Server | null = null;
  let port = 0;
  const sockets = new Set<net.Socket>();

  const up = async () => {
    if (server) return;
    const s = net.createServer((client) => {
      const upstream = net.connect(targetPort, targetHost);
      sockets.add(client);
      sockets.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on("error", drop).on("close", drop);
      upstream.on("error", drop).on("close", drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve());
    });
    port = (s.address() as net.AddressInfo).port;
    server = s;
  };

  const down = async () => {
    const s = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  await up();
  return {
    get port() {
      return port;
    },
    url: (scheme) => `${scheme}://127.0.0.1:${port}`,
    up,
    down,
    isUp: () => server !== null,
    close: down,
  };
}
