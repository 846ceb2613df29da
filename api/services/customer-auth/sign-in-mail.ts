// The sign-in link mail. The link is derived at render time from the row (no raw token is
// stored), so retries render the same bytes.
import { eq } from 'drizzle-orm';
import { customerSignInTokens } from '../../../db/schema';
import type { AppContext } from '../../context';
import { html, safeUrl } from '../../dispatch/render/html';
import { mailBrandOf, mailFrame, textSignature } from '../../dispatch/render/layout';
import type { DeliveryRow, RenderedMail } from '../../dispatch/render/types';
import { formatUtc } from '../../lib/format-time';
import { signInUrl } from './sign-in-link';

export function renderSignInMail(ctx: AppContext, delivery: DeliveryRow): RenderedMail {
  const { tokenId, organization } = JSON.parse(delivery.payload) as { tokenId: number; organization: string };
  const row = ctx.db.select().from(customerSignInTokens).where(eq(customerSignInTokens.id, tokenId)).get();
  if (!row) throw new Error(`delivery ${delivery.id} refers to a missing sign-in link`);
  const url = signInUrl(ctx, row);
  const until = formatUtc(row.expiresAt);
  const subject = `Your sign-in link for ${organization}`;
  const content = html`<h1 style="font-size:20px;margin:0 0 12px">Sign in to the customer portal</h1>
<p>Someone (hopefully you) asked to sign in as ${row.email} for ${organization}.</p>
<p><a href="${safeUrl(url)}" style="display:inline-block;padding:8px 14px;background:#0b4fa8;color:#fff;text-decoration:none;border-radius:4px">Sign in</a></p>
<p>The link works once, until ${until}. If you did not ask for it, ignore this mail.</p>`;
  const text = `Sign in to the customer portal\n\nSomeone (hopefully you) asked to sign in as ${row.email} for ${organization}.\n\nSign in: ${url}\n\nThe link works once, until ${until}. If you did not ask for it, ignore this mail.\n`;
  const brand = mailBrandOf(ctx);
  return { subject: subject.replace(/[\r\n]+/g, ' '), html: mailFrame({ title: subject, content, brand }), text: `${text}${brand ? `\n--\n${textSignature(brand)}` : ''}`, headers: {} };
}
