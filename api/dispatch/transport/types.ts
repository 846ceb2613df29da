// What the dispatcher asks of a mail transport, and the outcomes it distinguishes.
export type OutgoingMail = {
  deliveryId: number;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
};

export type MessageResult = { ok: true; providerId: string | null } | { ok: false; error: string };

export type SendOutcome =
  // The request was answered: one result per mail, in the order sent.
  | { kind: 'answered'; results: MessageResult[] }
  // Nothing final happened (429, 5xx, timeout, connection error): try again with the same key.
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  // The provider refused the whole request for a reason that retrying will not fix.
  | { kind: 'rejected'; reason: string; status: number | null };

export type SendRequest = { idempotencyKey: string; mails: OutgoingMail[]; signal: AbortSignal };

export interface MailTransport {
  readonly name: string;
  send(request: SendRequest): Promise<SendOutcome>;
}
