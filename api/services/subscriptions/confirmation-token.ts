// Confirmation links are derived like manage links (HMAC of the installation secret, the
// confirmation row and the subscriber's nonce) and stored only as SHA-256: no raw token in a row.
import type { AppContext } from '../../context';
import { hashToken, hmacToken } from '../../lib/tokens';
import { getAppSecret } from '../secrets';
import type { SubscriberKey } from './manage-token';

export function confirmationTokenFor(ctx: Pick<AppContext, 'db'>, confirmationId: number, subscriber: SubscriberKey): string {
  return hmacToken(getAppSecret(ctx), `confirm:${confirmationId}:${subscriber.id}:${subscriber.tokenNonce}`);
}

export function confirmationTokenHashFor(ctx: Pick<AppContext, 'db'>, confirmationId: number, subscriber: SubscriberKey): string {
  return hashToken(confirmationTokenFor(ctx, confirmationId, subscriber));
}

export function confirmationUrl(ctx: Pick<AppContext, 'db' | 'config'>, confirmationId: number, subscriber: SubscriberKey): string {
  return `${ctx.config.publicUrl}/confirm/${confirmationTokenFor(ctx, confirmationId, subscriber)}`;
}
