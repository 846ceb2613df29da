// A line-based protocol session over TCP or TLS (SMTP, IMAP, POP3): connect, read lines, send
// commands, upgrade to TLS in place (STARTTLS). Everything is bounded by one deadline.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { ProbeFailure } from './types';

export type LineSessionOptions = { host: string; port: number; isTls: boolean; ca?: string; signal: AbortSignal };

const MAX_LINE = 8192;

export class LineSession {
  private socket!: Socket;
  private buffer = '';
  private lines: string[] = [];
  private waiter: (() => void) | null = null;
  private failure: Error | null = null;
  certExpiresAt: Date | null = null;

  private constructor(private readonly opts: LineSessionOptions) {}

  static async open(opts: LineSessionOptions): Promise<LineSession> {
    const session = new LineSession(opts);
    await session.attach(opts.isTls ? session.secure(null) : netConnect({ host: opts.host, port: opts.port }), opts.isTls ? 'secureConnect' : 'connect');
    return session;
  }

  // STARTTLS: the plain socket becomes a TLS socket; lines read before it are discarded.
  async upgrade(): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners('data');
    this.buffer = '';
    this.lines = [];
    await this.attach(this.secure(plain), 'secureConnect');
  }

  private secure(socket: Socket | null): TLSSocket {
    const { host, port, ca } = this.opts;
    return tlsConnect({ ...(socket ? { socket } : { host, port }), servername: host, ...(ca ? { ca } : {}) });
  }

  private attach(socket: Socket, ready: 'connect' | 'secureConnect'): Promise<void> {
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', (err) => this.fail(err));
    socket.on('close', () => this.fail(new ProbeFailure('connection closed by the server')));
    const abort = () => socket.destroy(new ProbeFailure('timed out'));
    this.opts.signal.addEventListener('abort', abort, { once: true });
    return new Promise((resolve, reject) => {
      socket.once(ready, () => {
        if (ready === 'secureConnect') {
          const cert = (socket as TLSSocket).getPeerCertificate();
          this.certExpiresAt = cert?.valid_to ? new Date(cert.valid_to) : null;
        }
        resolve();
      });
      socket.once('error', reject);
      if (this.opts.signal.aborted) abort();
    });
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let i: number;
    while ((i = this.buffer.indexOf('\n')) >= 0) {
      this.lines.push(this.buffer.slice(0, i).replace(/\r$/, ''));
      this.buffer = this.buffer.slice(i + 1);
    }
    if (this.buffer.length > MAX_LINE) this.fail(new ProbeFailure('line too long'));
    this.wake();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  async readLine(): Promise<string> {
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) return line;
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  // Reads lines until `isLast` says the reply is complete; returns them all.
  async readUntil(isLast: (line: string) => boolean): Promise<string[]> {
    const out: string[] = [];
    for (;;) {
      const line = await this.readLine();
      out.push(line);
      if (out.length > 500) throw new ProbeFailure('reply too long');
      if (isLast(line)) return out;
    }
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  close(): void {
    this.socket.removeAllListeners('close');
    this.socket.on('error', () => {});
    this.socket.destroy();
  }
}
