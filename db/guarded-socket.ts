// The socket the desk's postgres.js pools talk through (postgres.js's documented `socket`
// option), so that losing the server (a restart, a failover, a killed backend) never crashes
// the process and never leaves a pool that cannot get its work through.
//
// Why (postgres.js 3.4.9, src/connection.js): when a connection's socket emits 'close',
// `closed()` sets the connection's `socket` variable to null and reconnects only on a later
// timer. A transaction (`sql.begin`) or a reserved connection still holds that connection and
// writes to it directly: the ROLLBACK postgres.js itself sends after the failed statement, or the
// next statement of a transaction whose connection died while it waited. That write is deferred
// with `setImmediate(nextWrite)`, and `nextWrite` calls `socket.write` on null: an uncaught
// TypeError ("Cannot read properties of null (reading 'write')", porsager/postgres#1154, #1208)
// that no caller can catch. `closed()` and `terminate()` also clear the pending write timer
// without forgetting it, so a connection that loses its socket with a write pending never flushes
// again: after a restart it sends nothing until `connect_timeout` (the slow recovery).
//
// The guard: once the server has answered (a session exists), an unexpected loss is reported as
// an 'error' — postgres.js rejects every pending statement with it — and every later write is
// answered with the same error, while the socket keeps looking open. Its owner is told
// (`onLost`) and retires the whole pool (db/connection.ts), which ends every connection of it:
// only when postgres.js itself ends this socket — by then the connection is terminated, and a
// terminated connection refuses statements without writing — is the 'close' reported, which
// also lets a transaction waiting on the connection fail. Before the server has answered (a
// refused connection, a cancel request) nothing can hold the connection and no write of
// postgres.js is pending, so failures are reported as a plain socket would report them.
import { EventEmitter } from "node:events";
import net from "node:net";
import tls from "node:tls";

export type ConnectionLostHandler = (error: Error) => void;

/** What postgres.js hands the socket function: its parsed options (the parts used here). */
export type SocketTarget = { host: string[]; port: number[]; path?: string | false; connect_timeout?: number };

/** TLS as postgres.js would negotiate it (`ssl` / `sslmode` and `sslnegotiation`). */
export type TlsSetting = { ssl: unknown; sslnegotiation?: string | null };

const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]); // int32 8, int32 80877103

/** An Error like postgres.js's own connection errors (code CONNECTION_CLOSED etc.). */
export function connectionError(code: string, where: string): Error & { code: string } {
  return Object.assign(new Error(`write ${code} ${where}`), { code, errno: code });
}

export class GuardedSocket extends EventEmitter {
  readonly host: string;
  readonly port: number;
  private transport: net.Socket | null = null;
  /** The server has sent something: from now on a transaction may hold the connection. */
  private heard = false;
  private wrote = false;
  /** postgres.js asked to end or destroy this socket: its 'close' is expected. */
  private ending = false;
  /** The session was lost unexpectedly (the error every write is answered with). */
  private lost: Error | null = null;
  private closeReported = false;
  /** A failure before the first write of postgres.js, reported once that write was made. */
  private deferredReport: (() => void) | null = null;

  constructor(
    where: { host: string; port: number },
    private readonly onLost: ConnectionLostHandler,
  ) {
    super();
    this.host = where.host;
    this.port = where.port;
  }

  /** Starts using an established transport (plain or TLS). */
  attach(transport: net.Socket): void {
    this.transport = transport;
    let failure: Error | null = null;
    transport.on("data", (chunk: Buffer) => {
      this.heard = true;
      this.emit("data", chunk);
    });
    transport.on("drain", () => this.emit("drain"));
    transport.on("error", (error: Error) => {
      failure ??= error;
    });
    transport.on("close", (hadError: boolean) => this.transportClosed(failure, hadError));
  }

  /** The transport could not be set up (refused, timed out, TLS refused). */
  fail(error: Error): void {
    this.transportClosed(error, true);
  }

  private where(): string {
    return `${this.host}:${this.port}`;
  }

  private transportClosed(failure: Error | null, hadError: boolean): void {
    if (this.ending || !this.heard) {
      // Expected, or before any session existed: report it as a socket would.
      const report = () => this.reportClose(hadError, this.ending ? null : failure);
      if (this.wrote || this.ending) report();
      else this.deferredReport = report; // see write(): never with a write of postgres.js pending
      return;
    }
    // The session is gone while postgres.js may still use the connection: an error now, the
    // 'close' only once postgres.js ends the socket (see the top of this file).
    this.lost = connectionError("CONNECTION_CLOSED", this.where());
    if (failure) Object.assign(this.lost, { cause: failure });
    this.emitError(this.lost);
    this.onLost(this.lost);
  }

  private reportClose(hadError: boolean, failure: Error | null): void {
    if (this.closeReported) return;
    this.closeReported = true;
    if (failure) this.emitError(failure);
    this.emit("close", hadError);
  }

  private emitError(error: Error): void {
    // postgres.js always listens for 'error'; never throw from emit if it stopped listening.
    if (this.listenerCount("error") > 0) this.emit("error", error);
  }

  write(chunk: Uint8Array, callback?: (error?: Error | null) => void): boolean {
    this.wrote = true;
    if (this.deferredReport) {
      this.releaseDeferred();
      return true;
    }
    const transport = this.transport;
    if (this.lost || this.closeReported || !transport || transport.destroyed) {
      const error = this.lost ?? connectionError("CONNECTION_CLOSED", this.where());
      // Rejects the statement just queued (and any behind it), as a failed write would.
      setImmediate(() => {
        if (!this.closeReported) this.emitError(error);
        callback?.(error);
      });
      return true;
    }
    return transport.write(chunk, callback);
  }

  end(data?: Uint8Array): this {
    this.ending = true;
    const transport = this.transport;
    if (transport && !transport.destroyed) {
      if (data) transport.end(data);
      else transport.end();
    } else this.closeWhenDone();
    return this;
  }

  destroy(): this {
    this.ending = true;
    if (this.transport && !this.transport.destroyed) this.transport.destroy();
    else this.closeWhenDone();
    return this;
  }

  /** postgres.js ended a socket whose transport is already gone: report the 'close' now. */
  private closeWhenDone(): void {
    if (this.deferredReport) this.releaseDeferred();
    // After whatever postgres.js is doing now (terminate(), then draining its queue).
    else if (this.lost) setImmediate(() => this.reportClose(true, null));
  }

  private releaseDeferred(): void {
    const report = this.deferredReport!;
    this.deferredReport = null;
    // After postgres.js's nextWrite has returned and forgotten its timer.
    setImmediate(report);
  }

  setKeepAlive(enable?: boolean, initialDelay?: number): this {
    if (this.transport && !this.transport.destroyed) this.transport.setKeepAlive(enable, initialDelay);
    return this;
  }

  /**
   * postgres.js's terminate() ends only an 'open' socket, and its end() waits for 'close' unless
   * the socket is 'closed': a lost session stays 'open' until postgres.js ends it.
   */
  get readyState(): string {
    if (this.closeReported) return "closed";
    if (this.lost) return this.ending ? "closed" : "open";
    if (!this.transport || this.transport.destroyed) return "closed";
    return this.transport.readyState;
  }
}

/**
 * postgres.js's `socket` option: a guarded socket to the server, TLS included (postgres.js is
 * told ssl: false and the negotiation it would do is done here, so that the socket postgres.js
 * holds is always this one). Never throws: a failure is reported through the socket, because a
 * socket function that throws leaves the connection stuck in postgres.js's "connecting" queue.
 */
export function guardedSocketFactory(tlsSetting: TlsSetting, onLost: ConnectionLostHandler) {
  let next = 0;
  return async (target: SocketTarget): Promise<GuardedSocket> => {
    const i = next++ % Math.max(1, target.host.length);
    const host = target.host[i] ?? "localhost";
    const port = target.port[i] ?? target.port[0] ?? 5432;
    const socket = new GuardedSocket({ host: target.path || host, port }, onLost);
    try {
      socket.attach(await openTransport(target, host, port, tlsSetting));
    } catch (error) {
      socket.fail(error as Error);
    }
    return socket;
  };
}

async function openTransport(target: SocketTarget, host: string, port: number, tlsSetting: TlsSetting): Promise<net.Socket> {
  const timeoutMs = (target.connect_timeout || 30) * 1000;
  const where = target.path || `${host}:${port}`;
  const plain = target.path ? net.connect(target.path) : net.connect({ host, port });
  await settle(plain, "connect", timeoutMs, where);
  const { ssl, sslnegotiation } = tlsSetting;
  if (!ssl) return plain;
  try {
    if (sslnegotiation !== "direct") {
      plain.write(SSL_REQUEST);
      const answer = await new Promise<number>((resolve, reject) => {
        plain.once("data", (x: Buffer) => resolve(x[0]));
        plain.once("error", reject);
        plain.once("close", () => reject(connectionError("CONNECTION_CLOSED", where)));
      });
      if (answer !== 83 /* S */) {
        if (ssl === "prefer") return plain;
        throw Object.assign(new Error("The server does not support SSL connections"), { code: "SSL_NOT_SUPPORTED" });
      }
    }
    const options: tls.ConnectionOptions = { socket: plain, servername: net.isIP(host) ? undefined : host };
    if (sslnegotiation === "direct") options.ALPNProtocols = ["postgresql"];
    if (ssl === "require" || ssl === "allow" || ssl === "prefer") options.rejectUnauthorized = false;
    else if (typeof ssl === "object") Object.assign(options, ssl);
    // Errors of the wrapped socket surface on the TLS socket; none may go unheard here.
    plain.on("error", () => {});
    const secure = tls.connect(options);
    await settle(secure, "secureConnect", timeoutMs, where);
    return secure;
  } catch (error) {
    plain.destroy();
    throw error;
  }
}

function settle(socket: net.Socket, event: "connect" | "secureConnect", timeoutMs: number, where: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.off(event, onEvent);
      socket.off("error", onError);
      if (error) {
        socket.destroy();
        reject(error);
      } else resolve();
    };
    const onEvent = () => done();
    const onError = (error: Error) => done(error);
    const timer = setTimeout(() => done(connectionError("CONNECT_TIMEOUT", where)), timeoutMs);
    socket.once(event, onEvent);
    socket.once("error", onError);
  });
}
