// The contract between the dispatcher and whoever renders a kind of mail.
import type { deliveries } from '../../../db/schema';
import type { AppContext } from '../../context';

export type DeliveryRow = typeof deliveries.$inferSelect;

export type RenderedMail = { subject: string; html: string; text: string; headers: Record<string, string> };

// Must be deterministic: a retried batch re-renders and must send the same bytes under the same
// idempotency key. So no clock reads and nothing random in a renderer.
export type MailRenderer = (ctx: AppContext, delivery: DeliveryRow) => RenderedMail;
