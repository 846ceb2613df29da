// What an announcement's mail and feed item say, and where its page is.
import type { PublicationBody } from '../publications/record-publication';
import type { Platform } from '../status/load';

export function announcementPath(platformSlug: string, id: number): string {
  return `/${platformSlug}/announcements/${id}`;
}

export function announcementBody(platform: Platform, a: { id: number; title: string; body: string; endsAt: Date | null }): PublicationBody {
  return {
    kind: 'announcement',
    platform: { slug: platform.slug, name: platform.name, timeZone: platform.timeZone },
    title: a.title,
    message: a.body,
    path: announcementPath(platform.slug, a.id),
    announcement: { id: a.id, endsAt: a.endsAt?.toISOString() ?? null },
  };
}
