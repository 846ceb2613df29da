// Customer sign-in by a mailed link. Every address gets the same answer; a link (15 minutes,
// single use) goes only to members and central contacts, one per organisation. The token is
// derived (HMAC of the installation secret, the row and its nonce) and stored only as SHA-256.
import { and, eq, gt, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { customerSignInTokens, deliveries } from '../../../db/schema';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { createToken, hashToken, hmacToken } from '../../lib/tokens';
import { EmailInput } from '../auth/operators';
import { recordAudit } from '../auth/record-audit';
import { organizationsForAddress } from '../organizations/get-organization';
import { parseStrict } from '../organizations/parse-strict';
import { getAppSecret } from '../secrets';
import { consumeSignInAllowance } from './rate-limits';
import { type CustomerSessionStart, createCustomerSession } from './sessions';

export const SIGN_IN_LINK_MINUTES = 15;
export const SIGN_IN_MAIL_KIND = 'customer_sign_in';
export const SIGN_IN_ANSWER = 'If this address belongs to a customer organisation, a sign-in link is on its way. It works once, for 15 minutes.';

export const CustomerSignInInput = z.strictObject({ email: EmailInput });

type TokenKey = { id: number; nonce: string };

export function signInTokenFor(ctx: Pick<AppContext, 'db'>, row: TokenKey): string {
  return hmacToken(getAppSecret(ctx), `customer-sign-in:${row.id}:${row.nonce}`);
}

export function signInUrl(ctx: Pick<AppContext, 'db' | 'config'>, row: TokenKey): string {
  return `${ctx.config.publicUrl}/customer/sign-in/${signInTokenFor(ctx, row)}`;
}

export async function requestSignInLink(ctx: AppContext, input: unknown, meta: { ip: string }): Promise<void> {
  await consumeSignInAllowance(ctx, { ip: meta.ip });
  const { email } = parseStrict(CustomerSignInInput, input);
  await consumeSignInAllowance(ctx, { ip: '', email });
  const orgs = organizationsForAddress(ctx, email);
  if (orgs.length === 0) return;
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000);
  ctx.db.transaction((tx) => {
    for (const org of orgs) {
      const row = tx.insert(customerSignInTokens)
        .values({ organizationId: org.id, email, nonce: createToken(), tokenHash: `placeholder:${createToken()}`, createdAt: now, expiresAt })
        .returning().get();
      tx.update(customerSignInTokens).set({ tokenHash: hashToken(signInTokenFor(ctx, row)) }).where(eq(customerSignInTokens.id, row.id)).run();
      tx.insert(deliveries).values({ kind: SIGN_IN_MAIL_KIND, toAddress: email, payload: JSON.stringify({ tokenId: row.id, organization: org.name }), state: 'queued', createdAt: now }).run();
    }
  });
  ctx.changes.bump();
}

// Uses the link up (once) and starts a customer session for its organisation.
export function consumeSignInLink(ctx: AppContext, token: string, meta: { ip: string }): CustomerSessionStart {
  const now = ctx.clock.now();
  const tokenHash = hashToken(token);
  const used = ctx.db.update(customerSignInTokens).set({ usedAt: now })
    .where(and(eq(customerSignInTokens.tokenHash, tokenHash), isNull(customerSignInTokens.usedAt), gt(customerSignInTokens.expiresAt, now)))
    .returning().get();
  const stillAllowed = used && organizationsForAddress(ctx, used.email).some((o) => o.id === used.organizationId);
  if (!used || !stillAllowed) throw new NotFoundError('This sign-in link is unknown, expired or already used. Ask for a new one.');
  const session = createCustomerSession(ctx, { organizationId: used.organizationId, email: used.email, ip: meta.ip });
  recordAudit(ctx.db, { actor: `customer:${used.email}`, ip: meta.ip, at: now, action: 'customer.signed_in', subjectType: 'organization', subjectId: used.organizationId });
  return session;
}
