// The announcement admin form: what it posts, kept as typed so a refused form is shown unchanged.
import type { PublishAnnouncementInput } from '../../api/services/announcements/publish-announcement';
import type { FormInput } from '../../api/lib/zod-errors';
import { text } from './admin-form';

export type AnnouncementValues = { platform: string; title: string; text: string; endsAt: string };

export const ANNOUNCEMENT_LABELS: Record<string, string> = { platform: 'Platform', title: 'Title', text: 'Text', endsAt: 'Shown until' };

export function emptyAnnouncement(platform = ''): AnnouncementValues {
  return { platform, title: '', text: '', endsAt: '' };
}

export function readAnnouncement(form: FormData): AnnouncementValues {
  return { platform: text(form, 'platform'), title: text(form, 'title'), text: text(form, 'text'), endsAt: text(form, 'endsAt') };
}

// The service's input; an empty end means "until ended by hand".
export function toAnnouncementInput(v: AnnouncementValues): FormInput<typeof PublishAnnouncementInput> {
  const { endsAt, ...rest } = v;
  return { ...rest, ...(endsAt.trim() ? { endsAt } : {}) };
}
