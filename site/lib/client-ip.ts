// The client's address for throttling and the audit log. X-Forwarded-For is believed only when
// TRUST_PROXY=true; otherwise anyone could pick a fresh address per request.
type PageLike = { locals: App.Locals; clientAddress: string };

export function clientIp(page: PageLike): string {
  const { locals } = page;
  if (!locals.ctx.config.isProxyTrusted && locals.remoteAddress !== undefined) return locals.remoteAddress;
  try {
    return page.clientAddress;
  } catch {
    return locals.remoteAddress ?? '';
  }
}
