// When a general announcement shows on its platform's page: from its publication until its end
// (none: until an operator ends it). The one definition the page, the JSON and the admin list ask.
export type AnnouncementTimes = { publishedAt: Date; endsAt: Date | null };

export function isAnnouncementCurrent(a: AnnouncementTimes, now: Date): boolean {
  if (a.publishedAt.getTime() > now.getTime()) return false;
  return a.endsAt === null || a.endsAt.getTime() > now.getTime();
}
