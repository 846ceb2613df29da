// A paged list's answer: the page's `next` cursor in the JSON and, when there is a next page, the
// same cursor in a `Link: <…>; rel="next"` header (the request's own URL with `cursor` replaced).
import type { Context } from 'hono';
import type { AppContext } from '../context';

export function setNextLink(ctx: Pick<AppContext, 'config'>, c: Context, next: string | null): void {
  if (next === null) return;
  const asked = new URL(c.req.url);
  const query = new URLSearchParams(asked.search);
  query.delete('after');
  query.set('cursor', next);
  const url = new URL(`${asked.pathname}?${query}`, ctx.config.publicUrl);
  c.header('Link', `<${url.href}>; rel="next"`);
}
