// Real servers for the probe tests: small scripted IMAP and POP3 servers whose greeting and replies
// can be delayed or broken, an HTTP(S) server that can be made slow or failing, SMTP from the
// nodemailer project's smtp-server, and self-signed certificates made with openssl at test time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttp, type Server as HttpServer } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { createServer as createNet, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, TLSSocket } from 'node:tls';
import { SMTPServer } from 'smtp-server';

export type Cert = { key: string; cert: string };

export function makeCert(days = 365, cn = 'localhost'): Cert {
  const dir = mkdtempSync(join(tmpdir(), 'probe-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
      '-days', String(days), '-subj', `/CN=${cn}`, '-addext', `subjectAltName=DNS:${cn},IP:127.0.0.1`], { stdio: 'ignore' });
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const portOf = (s: Server | HttpServer) => (s.address() as AddressInfo).port;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type Running = { port: number; close(): Promise<void> };

function closer(server: Server | HttpServer, sockets: Set<Socket>) {
  return () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  });
}

// A line server: `greeting` on connect (after greetingDelayMs), then `answer` for each line.
export type LineScript = {
  greeting: string;
  greetingDelayMs?: number;
  replyDelayMs?: number;
  answer(line: string, socket: Socket): string[] | 'close';
  tls?: Cert;
};

export async function startLineServer(script: LineScript): Promise<Running> {
  const sockets = new Set<Socket>();
  const server = createNet(async (raw) => {
    const socket: Socket = script.tls ? new TLSSocket(raw, { isServer: true, secureContext: createSecureContext(script.tls) }) : raw;
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    socket.on('error', () => {});
    let buffer = '';
    await sleep(script.greetingDelayMs ?? 0);
    if (socket.destroyed) return;
    socket.write(`${script.greeting}\r\n`);
    socket.on('data', async (chunk) => {
      buffer += chunk.toString('utf8');
      let i: number;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i).replace(/\r$/, '');
        buffer = buffer.slice(i + 1);
        await sleep(script.replyDelayMs ?? 0);
        const reply = script.answer(line, socket);
        if (reply === 'close') return void socket.destroy();
        if (!socket.destroyed) socket.write(reply.map((l) => `${l}\r\n`).join(''));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { port: portOf(server), close: closer(server, sockets) };
}

export type MailServerOptions = { greetingDelayMs?: number; replyDelayMs?: number; brokenGreeting?: boolean; user?: string; password?: string; tls?: Cert; capaError?: boolean };

export function startImapServer(o: MailServerOptions = {}): Promise<Running> {
  return startLineServer({
    greeting: o.brokenGreeting ? '* BYE too busy' : '* OK IMAP4rev1 test server ready',
    greetingDelayMs: o.greetingDelayMs, replyDelayMs: o.replyDelayMs, tls: o.tls,
    answer(line) {
      const [tag, command = '', ...rest] = line.split(' ');
      switch (command.toUpperCase()) {
        case 'CAPABILITY': return ['* CAPABILITY IMAP4rev1 AUTH=PLAIN', `${tag} OK CAPABILITY completed`];
        case 'LOGIN': {
          const given = rest.join(' ');
          const expected = `"${o.user ?? ''}" "${(o.password ?? '').replace(/["\\]/g, (c) => `\\${c}`)}"`;
          return [given === expected ? `${tag} OK LOGIN completed` : `${tag} NO [AUTHENTICATIONFAILED] Invalid credentials`];
        }
        case 'LOGOUT': return ['* BYE logging out', `${tag} OK LOGOUT completed`];
        default: return [`${tag} BAD unknown command`];
      }
    },
  });
}

export function startPop3Server(o: MailServerOptions = {}): Promise<Running> {
  let user = '';
  return startLineServer({
    greeting: o.brokenGreeting ? '-ERR go away' : '+OK POP3 test server ready',
    greetingDelayMs: o.greetingDelayMs, replyDelayMs: o.replyDelayMs, tls: o.tls,
    answer(line) {
      const [command = '', ...rest] = line.split(' ');
      switch (command.toUpperCase()) {
        case 'CAPA': return o.capaError ? ['-ERR unknown command'] : ['+OK capability list follows', 'USER', 'UIDL', '.'];
        case 'USER': user = rest.join(' '); return ['+OK'];
        case 'PASS': return [user === o.user && rest.join(' ') === o.password ? '+OK logged in' : '-ERR [AUTH] invalid credentials'];
        case 'QUIT': return ['+OK bye'];
        default: return ['-ERR unknown command'];
      }
    },
  });
}

export type SmtpOptions = { greetingDelayMs?: number; startTls?: boolean; secure?: boolean; cert?: Cert };

export async function startSmtpServer(o: SmtpOptions = {}): Promise<Running> {
  const cert = o.cert ?? (o.startTls || o.secure ? makeCert() : undefined);
  const server = new SMTPServer({
    secure: o.secure ?? false,
    ...(cert ? { key: cert.key, cert: cert.cert } : {}),
    disabledCommands: o.startTls || o.secure ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    logger: false,
    onConnect(_session, callback) {
      setTimeout(() => callback(), o.greetingDelayMs ?? 0);
    },
  });
  server.on('error', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as AddressInfo).port;
  return { port, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// An HTTP(S) server whose answer the test changes: status and delay before the headers.
export type HttpControl = Running & { url: string; set(mode: { status?: number; delayMs?: number }): void; hits: number };

export async function startHttpServer(opts: { tls?: Cert } = {}): Promise<HttpControl> {
  const mode = { status: 200, delayMs: 0 };
  const sockets = new Set<Socket>();
  const handler = async (_req: unknown, res: import('node:http').ServerResponse) => {
    control.hits++;
    const { status, delayMs } = mode;
    await sleep(delayMs);
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end('x'.repeat(1000));
  };
  const server = opts.tls ? createHttps({ key: opts.tls.key, cert: opts.tls.cert }, handler) : createHttp(handler);
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = portOf(server);
  const control: HttpControl = {
    port, hits: 0, url: `${opts.tls ? 'https' : 'http'}://localhost:${port}/health`,
    set: (m) => Object.assign(mode, m),
    close: closer(server, sockets),
  };
  return control;
}

// A port nobody listens on: connections are refused.
export async function closedPort(): Promise<number> {
  const s = createNet();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = portOf(s);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
