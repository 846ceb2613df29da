// The capacity event form, shared by the customer portal and the admin calendar: fields as typed
// (a refused form comes back unchanged) and mapped to the service's input.
import { text } from '../../../lib/admin-form';

export const EVENT_FIELDS = ['platform', 'kind', 'startsAt', 'endsAt', 'expectedLoad', 'additionalActiveUsers', 'peakFactor', 'description', 'contact', 'lateReason'] as const;
export type EventValues = Record<(typeof EVENT_FIELDS)[number], string> & { isLateAccepted: boolean };

export const KIND_LABELS: Record<string, string> = {
  mailing: 'Mailing (sends users to the platform)', campaign: 'Marketing campaign (many new users)', migration: 'Migration', other: 'Other',
};

export function emptyEvent(platform: string): EventValues {
  return { platform, kind: 'campaign', startsAt: '', endsAt: '', expectedLoad: '', additionalActiveUsers: '', peakFactor: '', description: '', contact: '', lateReason: '', isLateAccepted: false };
}

export function readEvent(form: FormData): EventValues {
  const fields = Object.fromEntries(EVENT_FIELDS.map((k) => [k, text(form, k)])) as Record<(typeof EVENT_FIELDS)[number], string>;
  return { ...fields, isLateAccepted: form.get('isLateAccepted') === 'yes' };
}

export function toEventInput(v: EventValues, opts: { isCustomer: boolean }) {
  const { isLateAccepted, lateReason, ...rest } = v;
  return {
    ...rest,
    ...(lateReason.trim() ? { lateReason } : {}),
    ...(opts.isCustomer ? { isLateAccepted } : {}),
  };
}
