// The benchmark's baseline: a bare node:http server answering fixed bytes (the same bodies and
// headers the real server sent) from memory. Run as its own process, like the real server.
import { readFileSync } from 'node:fs';
import { createServer, type OutgoingHttpHeaders } from 'node:http';

type Route = { headers: OutgoingHttpHeaders; body: Buffer };

const [file, port] = process.argv.slice(2);
const saved = JSON.parse(readFileSync(file!, 'utf8')) as Record<string, { headers: OutgoingHttpHeaders; body: string }>;
const routes = new Map<string, Route>(
  Object.entries(saved).map(([path, r]) => [path, { headers: r.headers, body: Buffer.from(r.body, 'base64') }]),
);

createServer((req, res) => {
  // Query strings are ignored, as the real server ignores those a document does not read.
  const route = routes.get((req.url ?? '/').split('?')[0]!);
  if (!route) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, route.headers);
  res.end(route.body);
}).listen(Number(port), '127.0.0.1', () => console.log('baseline ready'));
