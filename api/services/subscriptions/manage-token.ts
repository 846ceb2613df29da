// Each address's personal manage / one-click unsubscribe token. It is derived (HMAC of the
// installation secret, the subscriber id and a nonce) so every mail can carry it, and stored only
// as a SHA-256 hash for lookup: a leaked database alone does not reveal working links.
import type { AppContext } from '../../context';
import { createToken, hashToken, hmacToken } from '../../lib/tokens';
import { getAppSecret } from '../secrets';

export type SubscriberKey = { id: number; tokenNonce: string };

export function newTokenNonce(): string {
  return createToken().slice(0, 16);
}

export function manageTokenFor(ctx: Pick<AppContext, 'db'>, subscriber: SubscriberKey): string {
  return hmacToken(getAppSecret(ctx), `manage:${subscriber.id}:${subscriber.tokenNonce}`);
}

export function manageTokenHashFor(ctx: Pick<AppContext, 'db'>, subscriber: SubscriberKey): string {
  return hashToken(manageTokenFor(ctx, subscriber));
}

export function manageLinks(ctx: Pick<AppContext, 'db' | 'config'>, subscriber: SubscriberKey) {
  const token = manageTokenFor(ctx, subscriber);
  const base = ctx.config.publicUrl;
  return {
    manageUrl: `${base}/manage/${token}`,
    // RFC 8058: a POST to this URL unsubscribes without any further step.
    unsubscribeUrl: `${base}/unsubscribe/${token}`,
  };
}
