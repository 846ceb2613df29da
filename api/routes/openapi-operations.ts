// Every operation the Hono app answers, for /api/v1/openapi.json. Request bodies are the services'
// own zod inputs; test/integration/openapi.test.ts fails when a route is missing here.
import type { z } from 'zod';
import { ChangeUpdateIntervalInput } from '../services/incidents/change-update-interval';
import { OpenIncidentInput } from '../services/incidents/open-incident';
import { PostIncidentUpdateInput } from '../services/incidents/post-incident-update';
import { ResolveIncidentInput } from '../services/incidents/resolve-incident';
import { ListAnnouncementsInput } from '../services/announcements/list-announcements';
import { PublishAnnouncementInput } from '../services/announcements/publish-announcement';
import { CancelMaintenanceInput } from '../services/maintenance/cancel-maintenance';
import { CompleteMaintenanceInput } from '../services/maintenance/complete-maintenance';
import { RescheduleMaintenanceInput } from '../services/maintenance/reschedule-maintenance';
import { ScheduleMaintenanceInput } from '../services/maintenance/schedule-maintenance';
import { StartMaintenanceInput } from '../services/maintenance/start-due-maintenances';
import { CreatePlatformInput, PlatformRulesInput } from '../services/platforms/save-platform';
import { SaveServiceInput } from '../services/platforms/save-service';
import { CreateMonitorTokenInput } from '../services/detection/monitor-tokens';
import { UpdateBrandInput } from '../services/site/save-brand';
import { PlatformDetectionInput } from '../services/detection/platform-settings';
import { ProbeResultsInput } from '../services/detection/probe-reports';
import { EditDraftInput } from '../services/detection/review-drafts';
import { AlertmanagerPayload } from '../services/detection/receive-alerts';
import { ImportSubscribersInput } from '../services/subscriptions/admin/import-subscribers';
import { SearchSubscribersInput } from '../services/subscriptions/admin/list-subscribers';
import { GetPublicationDeliveriesInput } from '../services/mail-admin/delivery-report';
import { ListPageInput } from '../services/paging';
import { SubscribeInput } from '../services/subscriptions/subscribe';
import { CUSTOMER_OPERATIONS } from './openapi-customers';

export type Operation = {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  tag: 'status' | 'statuspage-v2' | 'subscriptions' | 'feeds' | 'admin';
  summary: string;
  description?: string;
  // Who may call it: nobody signs in for public paths; admin-only paths answer operators 403.
  role?: 'operator' | 'admin';
  body?: z.ZodObject;
  // A form-encoded body, for the one path that takes one.
  form?: Record<string, unknown>;
  query?: z.ZodObject;
  // Status -> [description, media type]; JSON unless said otherwise.
  ok: Record<number, string | [string, string]>;
  errors?: number[];
  params?: Record<string, { description: string; schema: Record<string, unknown> }>;
  // A keyset-paged list: `next` in the JSON and a `Link: <…>; rel="next"` header on its 200.
  paged?: boolean;
};

const DeliveriesQuery = GetPublicationDeliveriesInput.omit({ id: true });

const v2 = (path: string, summary: string): Operation => ({
  method: 'get', path: `/{platform}/api/v2/${path}`, tag: 'statuspage-v2', summary, ok: { 200: 'The document, as Atlassian Statuspage serves it' }, errors: [404],
});
const window = (action: string, summary: string, body?: z.ZodObject, description?: string): Operation => ({
  method: 'post', path: `/api/v1/admin/maintenance/{id}/${action}`, tag: 'admin', role: 'operator', summary, description, body,
  ok: { 200: 'The window as it is now' }, errors: [404, 409],
});
const importId = { id: { description: 'The import job id from the Location of POST /api/v1/admin/subscribers/import', schema: { type: 'string' } } };

const monitorOnly = 'Needs a token of the role `monitor` (or an admin\'s API token); other tokens get 403.';
const DETECTION_OPERATIONS: Operation[] = [
  { method: 'get', path: '/api/v1/admin/platforms/{slug}/detection', tag: 'admin', role: 'admin', summary: 'How detected outages are published on this platform', ok: { 200: '`{detectedOutages, reviewMinutes, locationQuorum}`' }, errors: [404] },
  { method: 'put', path: '/api/v1/admin/platforms/{slug}/detection', tag: 'admin', role: 'admin', summary: 'Publish detected outages at once, or hold them for review', body: PlatformDetectionInput, ok: { 200: 'The setting' }, errors: [404] },
  { method: 'get', path: '/api/v1/admin/monitor-tokens', tag: 'admin', role: 'admin', summary: 'Tokens of the role monitor', ok: { 200: '`{tokens: [...]}`' } },
  { method: 'post', path: '/api/v1/admin/monitor-tokens', tag: 'admin', role: 'admin', summary: 'Create a monitor token (shown once)', body: CreateMonitorTokenInput, ok: { 201: '`{id, name, token}`' } },
  { method: 'delete', path: '/api/v1/admin/monitor-tokens/{id}', tag: 'admin', role: 'admin', summary: 'Revoke a monitor token', ok: { 204: 'Revoked' }, errors: [404] },
  { method: 'get', path: '/api/v1/admin/detected-outages', tag: 'admin', role: 'operator', summary: 'Detected outages, the latest 50 (drafts waiting for review among them)', ok: { 200: '`{outages: [...]}`' } },
  { method: 'post', path: '/api/v1/admin/detected-outages/{id}/publish', tag: 'admin', role: 'operator', summary: 'Publish a draft now, optionally with a changed title, userImpact or severity', body: EditDraftInput.omit({ id: true }), ok: { 200: '`{state, incidentId}`' }, errors: [404, 409] },
  { method: 'post', path: '/api/v1/admin/detected-outages/{id}/dismiss', tag: 'admin', role: 'operator', summary: 'Dismiss a draft: it is never published', ok: { 204: 'Dismissed' }, errors: [404, 409] },
  { method: 'post', path: '/api/v1/alerts/alertmanager', tag: 'admin', role: 'operator', summary: 'Alertmanager (v4) / Grafana webhook: firing = outage, resolved = recovery', body: AlertmanagerPayload,
    description: `${monitorOnly} Labels \`platform\` and \`service\` name the service. 422 names unknown ones; the other alerts are still applied.`, ok: { 200: '`{processed, unchanged, rejected: []}`' }, errors: [403] },
  { method: 'get', path: '/api/v1/probes/targets', tag: 'admin', role: 'operator', summary: 'What an outside prober checks', description: monitorOnly, ok: { 200: '`{targets: [...]}`' }, errors: [403] },
  { method: 'post', path: '/api/v1/probes/results', tag: 'admin', role: 'operator', summary: 'Results of an outside prober, under its location', description: monitorOnly, body: ProbeResultsInput, ok: { 200: '`{recorded, unknown}`' }, errors: [403] },
];

export const OPERATIONS: Operation[] = [
  { method: 'get', path: '/api/v1/openapi.json', tag: 'status', summary: 'This document (OpenAPI 3.1)', ok: { 200: 'The OpenAPI document' } },
  { method: 'get', path: '/api/v1/platforms', tag: 'status', summary: 'Platforms and their overall status', ok: { 200: '`{platforms: [...]}`' } },
  { method: 'get', path: '/api/v1/platforms/{platform}/status', tag: 'status', summary: 'Status of one platform',
    description: 'Services and their state, active incidents, maintenance in progress and upcoming; the same data as the status page.',
    ok: { 200: 'The platform status' }, errors: [404] },

  v2('summary.json', 'Page, status, components, unresolved incidents, upcoming and running maintenance'),
  v2('status.json', 'The roll-up status {indicator, description}'),
  v2('components.json', "The platform's services as components"),
  v2('incidents.json', 'The 50 most recent incidents, resolved ones included'),
  v2('incidents/unresolved.json', 'Incidents not yet resolved'),
  v2('scheduled-maintenances.json', 'The 50 most recent published maintenance windows'),
  v2('scheduled-maintenances/upcoming.json', 'Windows still to come'),
  v2('scheduled-maintenances/active.json', 'Windows running (in_progress, verifying)'),

  { method: 'post', path: '/api/v1/subscriptions', tag: 'subscriptions', summary: 'Subscribe addresses to platforms and lists (double opt-in)', body: SubscribeInput,
    description: 'Each valid address receives a confirmation mail (or an "already subscribed" notice). Invalid addresses are reported one by one while the valid ones go ahead.',
    ok: { 202: '`{message, accepted: [...], invalid: [{field, value, message}]}`' }, errors: [429] },
  { method: 'post', path: '/unsubscribe/{token}', tag: 'subscriptions', summary: 'RFC 8058 one-click unsubscribe',
    description: 'The target of the `List-Unsubscribe` header in every mail. The address leaves every list.',
    form: { type: 'object', properties: { 'List-Unsubscribe': { const: 'One-Click' } }, description: 'What mail providers send (RFC 8058); the path alone is enough' },
    ok: { 200: ['Unsubscribed', 'text/plain'], 303: ['A browser (Sec-Fetch-Mode: navigate) is sent to the page showing the result', 'text/plain'] }, errors: [404, 422] },

  { method: 'get', path: '/{platform}/feed.xml', tag: 'feeds', summary: 'RSS 2.0: every announcement of the platform',
    ok: { 200: ['The newest 50 announcements visible now', 'application/rss+xml'], 304: ['Unchanged since If-None-Match / If-Modified-Since', 'application/rss+xml'] }, errors: [404] },
  { method: 'get', path: '/{platform}/maintenance.ics', tag: 'feeds', summary: 'iCalendar of upcoming and recent maintenance windows',
    ok: { 200: ['Stable UIDs, SEQUENCE raised on reschedule, STATUS:CANCELLED, UTC times', 'text/calendar'], 304: ['Unchanged', 'text/calendar'] }, errors: [404] },
  ...['summary.json', 'status.json', 'components.json', 'incidents.json', 'incidents/unresolved.json', 'scheduled-maintenances.json',
    'scheduled-maintenances/upcoming.json', 'scheduled-maintenances/active.json'].map((doc): Operation => ({
    method: 'get', path: `/api/v2/${doc}`, tag: 'statuspage-v2', summary: `${doc} of the platform this host name belongs to, or of the default platform (for Statuspage widgets)`,
    ok: { 200: 'The document, as Atlassian Statuspage serves it' }, errors: [404],
  })),
  { method: 'get', path: '/assets/{hash}', tag: 'status', summary: 'A brand image (the logo), immutable: the URL names its content', params: { hash: { description: 'The content hash', schema: { type: 'string' } } }, ok: { 200: ['The image', 'image/png'] }, errors: [404] },
  { method: 'get', path: '/favicon.ico', tag: 'status', summary: 'The favicon: the logo, or a default', ok: { 200: ['The icon', 'image/png'] } },
  { method: 'get', path: '/{platform}/feed/{file}', tag: 'feeds', summary: 'RSS 2.0: one list (incident or informational)',
    ok: { 200: ['The newest 50 announcements of that list visible now', 'application/rss+xml'], 304: ['Unchanged', 'application/rss+xml'] }, errors: [404] },

  { method: 'get', path: '/api/v1/admin/me', tag: 'admin', role: 'operator', summary: 'Whose token this is', ok: { 200: '`{operator: {id, email, role}}`' } },

  { method: 'get', path: '/api/v1/admin/incidents', tag: 'admin', role: 'operator', summary: 'Open incidents with their next update due, and every incident a page at a time', query: ListPageInput, paged: true,
    description: '`recent` holds every incident, latest start first (start time, then id), `limit` to a page; `open` is repeated on every page.',
    ok: { 200: '`{open: [...], recent: [...], next}`' } },
  { method: 'post', path: '/api/v1/admin/incidents', tag: 'admin', role: 'operator', summary: 'Open (publish) an incident', body: OpenIncidentInput,
    description: "Published at once to the platform's incident list, with the user impact and the expected time to restoration when given.",
    ok: { 201: 'The incident with its timeline' }, errors: [404] },
  { method: 'get', path: '/api/v1/admin/incidents/{id}', tag: 'admin', role: 'operator', summary: 'One incident with its timeline', ok: { 200: 'The incident' }, errors: [404] },
  { method: 'post', path: '/api/v1/admin/incidents/{id}/updates', tag: 'admin', role: 'operator', summary: 'Post a progress update', body: PostIncidentUpdateInput.omit({ id: true }),
    ok: { 201: 'The incident with its timeline' }, errors: [404, 409] },
  { method: 'post', path: '/api/v1/admin/incidents/{id}/resolve', tag: 'admin', role: 'operator', summary: 'Resolve: subscribers are told the service is restored', body: ResolveIncidentInput.omit({ id: true }),
    ok: { 200: 'The resolved incident' }, errors: [404, 409] },
  { method: 'post', path: '/api/v1/admin/incidents/{id}/interval', tag: 'admin', role: 'operator', summary: 'Record an update interval agreed with the customer', body: ChangeUpdateIntervalInput.omit({ id: true }),
    ok: { 200: 'The incident' }, errors: [404, 409] },

  { method: 'get', path: '/api/v1/admin/maintenance', tag: 'admin', role: 'operator', summary: 'Current windows, windows past their end without an outcome, notice breaches, and every window a page at a time',
    query: ListPageInput, paged: true, description: '`windows` holds every window, latest planned start first (then id), `limit` to a page; a rescheduled window moves to its new start.',
    ok: { 200: '`{current: [...], pastEndWithoutOutcome: [...], noticeBreaches: [...], windows: [...], next}`' } },
  { method: 'get', path: '/api/v1/admin/audit', tag: 'admin', role: 'operator', summary: 'The audit log, newest first, a page at a time', query: ListPageInput, paged: true,
    ok: { 200: '`{entries: [{id, at, actor, operatorEmail, action, subjectType, subjectId, detail, ip}], next}`' } },
  { method: 'get', path: '/api/v1/admin/deliveries', tag: 'admin', role: 'operator', summary: 'Announcements with how many addresses got each (sent, queued, failed), newest first', query: ListPageInput, paged: true,
    ok: { 200: '`{announcements: [{id, title, kind, list, platform, publishAt, fannedOutAt, deliveredAt, cancelledAt, sent, queued, failed}], next}`' } },
  { method: 'get', path: '/api/v1/admin/deliveries/{id}', tag: 'admin', role: 'operator', summary: "One announcement's delivery log: failed addresses first, then the rest, in id order", query: DeliveriesQuery, paged: true,
    description: '`state` shows one state only; a cursor belongs to the state it was made for.',
    ok: { 200: '`{announcement, totals: {sent, queued, failed}, deliveries: [{id, toAddress, state, attempts, providerId, lastError, sentAt}], next}`' }, errors: [404] },
  { method: 'post', path: '/api/v1/admin/maintenance', tag: 'admin', role: 'operator', summary: 'Schedule (announce) a maintenance window', body: ScheduleMaintenanceInput,
    description: "Planned windows need the platform's business days of notice (default 3), emergency ones its minutes (default 240). Too late answers 422 `policy_violation` with `field`, `rule` and `earliestStart`. Shorter emergency notice only by an admin with `breachReason`, recorded as a breach.",
    ok: { 201: 'The window' }, errors: [404] },
  { method: 'get', path: '/api/v1/admin/maintenance/{id}', tag: 'admin', role: 'operator', summary: 'One window with its timeline', ok: { 200: 'The window' }, errors: [404] },
  window('reschedule', 'Move a window that has not started (notice rules apply again)', RescheduleMaintenanceInput.omit({ id: true })),
  window('cancel', 'Cancel a window that has not started', CancelMaintenanceInput.omit({ id: true })),
  window('start', 'Start a window now (windows also start on their own at their start time)', StartMaintenanceInput.omit({ id: true }),
    'The body may be empty. Before the announced start this is refused (422 `policy_violation`, rule `announced_start`, with `announcedStart`) unless an admin gives `breachReason`, recorded as a notice breach.'),
  window('complete', 'Finish a started window with its outcome', CompleteMaintenanceInput.omit({ id: true })),

  { method: 'get', path: '/api/v1/admin/announcements', tag: 'admin', role: 'operator', summary: 'General announcements, newest first (current and ended)', query: ListAnnouncementsInput, paged: true,
    description: 'Pass the answer\'s `next` as `cursor` (or `after`) for the following page; `platform` keeps one platform\'s.', ok: { 200: '`{announcements: [...], next}`' }, errors: [404] },
  { method: 'post', path: '/api/v1/admin/announcements', tag: 'admin', role: 'operator', summary: 'Publish a general announcement', body: PublishAnnouncementInput,
    description: "Mailed at once to the platform's informational list, added to its feeds and shown on its page until `endsAt` (in the future; without an offset read in the platform's time zone) or until ended. `text` is plain text.",
    ok: { 201: 'The announcement' }, errors: [404] },
  { method: 'get', path: '/api/v1/admin/announcements/{id}', tag: 'admin', role: 'operator', summary: 'One announcement', ok: { 200: 'The announcement' }, errors: [404] },
  { method: 'post', path: '/api/v1/admin/announcements/{id}/end', tag: 'admin', role: 'operator', summary: 'End an announcement now: it leaves the page (no new mail)',
    ok: { 200: 'The announcement' }, errors: [404, 409] },

  { method: 'get', path: '/api/v1/admin/platforms', tag: 'admin', role: 'admin', summary: 'Platforms, their rule values and services', ok: { 200: '`{platforms: [...]}`' } },
  { method: 'post', path: '/api/v1/admin/platforms', tag: 'admin', role: 'admin', summary: 'Add a platform (with the four default services unless told otherwise)', body: CreatePlatformInput,
    ok: { 201: 'The platform' }, errors: [409] },
  { method: 'get', path: '/api/v1/admin/platforms/{slug}', tag: 'admin', role: 'admin', summary: 'One platform', ok: { 200: 'The platform' }, errors: [404] },
  { method: 'put', path: '/api/v1/admin/platforms/{slug}', tag: 'admin', role: 'admin', summary: "Change a platform's name, calendar and rule values", body: PlatformRulesInput,
    ok: { 200: 'The platform' }, errors: [404] },
  { method: 'post', path: '/api/v1/admin/platforms/{slug}/services', tag: 'admin', role: 'admin', summary: 'Add a service, or change one (with `id`)', body: SaveServiceInput,
    ok: { 201: 'The platform' }, errors: [404, 409] },
  ...DETECTION_OPERATIONS,

  { method: 'get', path: '/api/v1/admin/subscribers', tag: 'admin', role: 'operator', summary: 'Counts per platform x list and state; address search, a page at a time in address order', query: SearchSubscribersInput, paged: true,
    ok: { 200: '`{counts: [...], subscribers: [...], next}`' } },
  { method: 'get', path: '/api/v1/admin/subscribers/export.csv', tag: 'admin', role: 'operator', summary: 'Every subscription as CSV', ok: { 200: ['One line per address x platform x list', 'text/csv'] } },
  { method: 'delete', path: '/api/v1/admin/subscribers/{id}', tag: 'admin', role: 'operator', summary: 'Remove an address: its rows, open links and unsent mail', ok: { 200: 'What was removed' }, errors: [404, 422] },
  { method: 'post', path: '/api/v1/admin/subscribers/import', tag: 'admin', role: 'operator', summary: 'Import a CSV of addresses (runs in the background)', body: ImportSubscribersInput,
    description: 'Answers at once with the job and its `Location`; addresses get a confirmation mail unless `isConsented` (recorded in the audit log).',
    ok: { 202: 'The import job and its progress' } },
  { method: 'get', path: '/api/v1/admin/subscribers/import/{id}', tag: 'admin', role: 'operator', summary: 'Progress of an import', params: importId, ok: { 200: 'The import job and its progress' }, errors: [404] },
  { method: 'get', path: '/api/v1/admin/site', tag: 'admin', role: 'admin', summary: 'The brand: name, logo, support link, accent colour, footer, default platform', ok: { 200: 'The brand' } },
  { method: 'put', path: '/api/v1/admin/site', tag: 'admin', role: 'admin', summary: 'Change the brand (logo as base64 data; the accent colour is contrast-checked)', body: UpdateBrandInput,
    ok: { 200: 'The brand' } },
  ...CUSTOMER_OPERATIONS,
];
