// The admin lists' pages: `?cursor=` from the URL into the list's service, and the links to the
// next page and back to the first. A cursor the service refuses (edited or from another list)
// answers 422 with the first page and a notice, never a 500.
import { ValidationError } from '../../api/errors';
import type { Page } from '../../api/lib/cursor';

type PageContext = { url: URL; response: { status?: number } };
export type ShownPage<T> = Page<T> & { isFirst: boolean; isRefused: boolean; nextHref: string | null; firstHref: string };

export function readPage<T>(Astro: PageContext, list: (input: { cursor?: string }) => Page<T>): ShownPage<T> {
  const cursor = Astro.url.searchParams.get('cursor') ?? undefined;
  const hrefWith = (next: string | null) => {
    const query = new URLSearchParams(Astro.url.search);
    query.delete('done');
    if (next === null) query.delete('cursor');
    else query.set('cursor', next);
    const search = query.toString();
    return `${Astro.url.pathname}${search ? `?${search}` : ''}`;
  };
  let page: Page<T>;
  let isRefused = false;
  try {
    page = list({ cursor: cursor || undefined });
  } catch (err) {
    if (!(err instanceof ValidationError) || err.field !== 'cursor') throw err;
    Astro.response.status = 422;
    isRefused = true;
    page = list({});
  }
  return { ...page, isFirst: !cursor || isRefused, isRefused, nextHref: page.next === null ? null : hrefWith(page.next), firstHref: hrefWith(null) };
}
