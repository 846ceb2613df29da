// Astro renders the public and admin pages. The adapter runs in middleware mode: api/server.ts
// owns the HTTP server, routes API and feed paths to Hono and everything else to Astro.
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { loadConfig } from './api/config.ts';
import { devApiIntegration } from './api/dev-integration.ts';
import { importOnce } from './api/lib/vite-import-once.ts';

const config = loadConfig();
const publicHost = new URL(config.publicUrl).hostname;

export default defineConfig({
  srcDir: './site',
  output: 'server',
  // Pages are rendered whole: public ones into the response cache (never streamed to a reader),
  // admin ones small. A streamed body went through a web stream chunk by chunk, about a fifth of
  // an uncached /eu render.
  adapter: node({ mode: 'middleware', experimentalDisableStreaming: true }),
  // Without allowedDomains the built server ignores the Host header, so every browser form POST
  // would fail Astro's origin check. Hostnames only: any port on these hosts is accepted.
  security: {
    checkOrigin: true,
    allowedDomains: [...new Set([publicHost, 'localhost', '127.0.0.1'])].map((hostname) => ({
      hostname,
    })),
  },
  integrations: [devApiIntegration()],
  devToolbar: { enabled: false },
  vite: { plugins: [importOnce()] },
});
