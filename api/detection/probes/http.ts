// HTTP(S) probe: a GET whose status must be 2xx or 3xx (redirects are not followed), with the body
// read to the end. node:https rather than fetch: it hands over the server's certificate.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { ProbeFailure } from './types';

export function httpCheck(url: URL, signal: AbortSignal, ca?: string): Promise<Date | null> {
  const isTls = url.protocol === 'https:';
  const send = isTls ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', signal, headers: { 'user-agent': 'statuscast-probe', accept: '*/*' }, ...(isTls && ca ? { ca } : {}) }, (res) => {
      const cert = isTls ? (res.socket as TLSSocket).getPeerCertificate() : null;
      const status = res.statusCode ?? 0;
      res.on('data', () => {});
      res.on('error', (err) => reject(err));
      res.on('end', () => {
        if (status < 200 || status >= 400) reject(new ProbeFailure(`HTTP status ${status}`));
        else resolve(cert?.valid_to ? new Date(cert.valid_to) : null);
      });
    });
    req.on('error', (err) => reject(signal.aborted ? new ProbeFailure('timed out') : err));
    req.end();
  });
}
