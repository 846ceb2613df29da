// Each probe against a real server: answering, slow but answering, refusing, broken, TLS failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../../api/detection/probes/run-probe';
import { type Cert, closedPort, makeCert, type Running, startHttpServer, startImapServer, startPop3Server, startSmtpServer } from '../../support/protocol-servers';

let trusted: Cert;
let expiring: Cert;
const open: Running[] = [];
beforeAll(() => {
  trusted = makeCert(365);
  expiring = makeCert(5);
});
afterAll(async () => Promise.all(open.map((s) => s.close())));
const keep = <T extends Running>(s: T) => (open.push(s), s);
const probe = (url: string, extra: Partial<Parameters<typeof runProbe>[0]> = {}) => runProbe({ url, timeoutMs: 5000, ...extra });

describe('http(s)', () => {
  it('2xx and 3xx are good, 5xx is bad; the body is read to the end', async () => {
    const http = keep(await startHttpServer());
    expect(await probe(http.url)).toMatchObject({ ok: true, error: '' });
    http.set({ status: 302 });
    expect((await probe(http.url)).ok).toBe(true);
    http.set({ status: 503 });
    expect(await probe(http.url)).toMatchObject({ ok: false, error: 'HTTP status 503' });
  });

  it('slow but answering: the check takes at least the delay and is good; past the timeout it is bad', async () => {
    const http = keep(await startHttpServer());
    http.set({ delayMs: 300 });
    const slow = await probe(http.url);
    expect(slow.ok).toBe(true);
    expect(slow.durationMs).toBeGreaterThanOrEqual(290);
    expect(await probe(http.url, { timeoutMs: 100 })).toMatchObject({ ok: false, error: 'timed out' });
  });

  it('a refused connection is a failed check naming ECONNREFUSED', async () => {
    const res = await probe(`http://127.0.0.1:${await closedPort()}/`);
    expect(res.ok).toBe(false);
    expect(res.error).toContain('ECONNREFUSED');
  });

  it('TLS: an untrusted (self-signed) certificate fails; a trusted one reports its expiry', async () => {
    const https = keep(await startHttpServer({ tls: expiring }));
    const untrusted = await probe(https.url);
    expect(untrusted.ok).toBe(false);
    expect(untrusted.error).toMatch(/SELF_SIGNED|CERT/);
    const ok = await probe(https.url, { ca: expiring.cert });
    expect(ok.ok, ok.error).toBe(true);
    expect(ok.certExpiresAt!.getTime() - Date.now()).toBeLessThan(6 * 86_400_000);
  });
});

describe('smtp', () => {
  it('banner 220, EHLO 250, QUIT', async () => {
    const smtp = keep(await startSmtpServer());
    expect(await probe(`smtp://127.0.0.1:${smtp.port}`)).toMatchObject({ ok: true, error: '' });
  });

  it('STARTTLS when offered; ?starttls=required fails on a server without it', async () => {
    const tls = keep(await startSmtpServer({ startTls: true, cert: trusted }));
    const res = await probe(`smtp://localhost:${tls.port}?starttls=required`, { ca: trusted.cert });
    expect(res, res.error).toMatchObject({ ok: true });
    expect(res.certExpiresAt).not.toBeNull();
    const plain = keep(await startSmtpServer());
    expect(await probe(`smtp://127.0.0.1:${plain.port}?starttls=required`)).toMatchObject({ ok: false, error: 'STARTTLS is required but not offered' });
  });

  it('STARTTLS with an untrusted certificate fails', async () => {
    const tls = keep(await startSmtpServer({ startTls: true, cert: trusted }));
    const res = await probe(`smtp://localhost:${tls.port}`);
    expect(res.ok).toBe(false);
    expect(res.error).toMatch(/SELF_SIGNED|CERT/);
  });

  it('smtps: TLS from the start', async () => {
    const smtps = keep(await startSmtpServer({ secure: true, cert: trusted }));
    expect((await probe(`smtps://localhost:${smtps.port}`, { ca: trusted.cert })).ok).toBe(true);
  });

  it('a delayed banner: slow but answering, or timed out', async () => {
    const smtp = keep(await startSmtpServer({ greetingDelayMs: 300 }));
    const slow = await probe(`smtp://127.0.0.1:${smtp.port}`);
    expect(slow.ok).toBe(true);
    expect(slow.durationMs).toBeGreaterThanOrEqual(290);
    expect(await probe(`smtp://127.0.0.1:${smtp.port}`, { timeoutMs: 100 })).toMatchObject({ ok: false, error: 'timed out' });
  });
});

describe('imap', () => {
  const credentials = { user: 'probe@example.com', password: 'se"cr\\et pass' };
  it('greeting, CAPABILITY, LOGIN + LOGOUT with the configured credentials', async () => {
    const imap = keep(await startImapServer(credentials));
    expect(await probe(`imap://127.0.0.1:${imap.port}`, { credentials })).toMatchObject({ ok: true, error: '' });
  });

  it('a refused login fails without showing the password', async () => {
    const imap = keep(await startImapServer(credentials));
    const res = await probe(`imap://127.0.0.1:${imap.port}`, { credentials: { ...credentials, password: 'wrong-password' } });
    expect(res).toMatchObject({ ok: false, error: 'LOGIN: expected OK, got NO' });
  });

  it('a broken greeting, a delayed greeting', async () => {
    const broken = keep(await startImapServer({ brokenGreeting: true }));
    expect((await probe(`imap://127.0.0.1:${broken.port}`)).error).toContain('greeting');
    const slow = keep(await startImapServer({ greetingDelayMs: 300 }));
    expect(await probe(`imap://127.0.0.1:${slow.port}`, { timeoutMs: 100 })).toMatchObject({ ok: false, error: 'timed out' });
  });

  it('imaps with a trusted certificate', async () => {
    const imaps = keep(await startImapServer({ tls: trusted }));
    const res = await probe(`imaps://localhost:${imaps.port}`, { ca: trusted.cert });
    expect(res.ok, res.error).toBe(true);
  });
});

describe('pop3', () => {
  const credentials = { user: 'probe', password: 'pop-secret' };
  it('greeting, CAPA, USER/PASS, QUIT; an old server answering -ERR to CAPA is fine', async () => {
    const pop = keep(await startPop3Server(credentials));
    expect(await probe(`pop3://127.0.0.1:${pop.port}`, { credentials })).toMatchObject({ ok: true });
    const old = keep(await startPop3Server({ capaError: true }));
    expect(await probe(`pop3://127.0.0.1:${old.port}`)).toMatchObject({ ok: true });
  });

  it('wrong password and broken greeting fail, naming the step but not the secret', async () => {
    const pop = keep(await startPop3Server(credentials));
    const res = await probe(`pop3://127.0.0.1:${pop.port}`, { credentials: { user: 'probe', password: 'nope-secret' } });
    expect(res).toMatchObject({ ok: false });
    expect(res.error).toContain('PASS');
    expect(res.error).not.toContain('nope-secret');
    const broken = keep(await startPop3Server({ brokenGreeting: true }));
    expect((await probe(`pop3://127.0.0.1:${broken.port}`)).error).toContain('greeting');
  });

  it('pop3s with a self-signed certificate fails', async () => {
    const pops = keep(await startPop3Server({ tls: trusted }));
    const res = await probe(`pop3s://localhost:${pops.port}`);
    expect(res.ok).toBe(false);
  });
});
