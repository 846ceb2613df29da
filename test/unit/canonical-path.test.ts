// The one spelling of a path: what api/server.ts redirects (308), refuses (400) or lets through.
import { describe, expect, it } from 'vitest';
import { canonicalizeTarget } from '../../api/lib/canonical-path';

describe('canonicalizeTarget', () => {
  it.each([
    '/',
    '/admin',
    '/admin/subscribers.csv',
    '/admin/mailbox/12',
    '/eu/incidents/3',
    '/api/v1/admin/me',
    '/manage/AbC_-123',
    '/admin?next=%2Fadmin%2F%2Fx',
    '/search?q=a//b/../c',
    '/eu/feed.xml',
    '/x%20y',
    '/caf%C3%A9',
    '/admin/subscribers.csv;x',
    '/ADMIN',
  ])('%s is canonical', (target) => {
    expect(canonicalizeTarget(target)).toEqual({ kind: 'canonical' });
  });

  it.each([
    ['//admin', '/admin'],
    ['///admin', '/admin'],
    ['//admin/subscribers.csv', '/admin/subscribers.csv'],
    ['/.//admin', '/admin'],
    ['/./admin', '/admin'],
    ['/admin/.', '/admin'],
    ['/x/../admin', '/admin'],
    ['/admin/x/..', '/admin'],
    ['/../admin', '/admin'],
    ['/../../..', '/'],
    ['/admin/', '/admin'],
    ['/admin//', '/admin'],
    ['//', '/'],
    ['/admin%2Fsubscribers.csv', '/admin/subscribers.csv'],
    ['/admin%2fsubscribers.csv', '/admin/subscribers.csv'],
    ['/%2Fadmin', '/admin'],
    ['/%2e/admin', '/admin'],
    ['/x/%2E%2E/admin', '/admin'],
    ['/x/.%2e/admin', '/admin'],
    ['/%61dmin', '/admin'],
    ['/admin/%6dailbox/1', '/admin/mailbox/1'],
    ['/\\admin', '/admin'],
    ['/admin\\mailbox', '/admin/mailbox'],
    ['/%5Cadmin', '/admin'],
    ['/x%c3%a9', '/x%C3%A9'],
    ['/caf\u00e9', '/caf%E9'],
    ['/\u20ac', '/%E2%82%AC'],
    ['/x y', '/x%20y'],
    ['//admin?x=1', '/admin?x=1'],
    ['/./admin/?next=//evil.example', '/admin?next=//evil.example'],
    ['/admin%252Fx/', '/admin%252Fx'],
  ])('%s redirects to %s', (target, location) => {
    expect(canonicalizeTarget(target)).toEqual({ kind: 'redirect', location });
  });

  it.each([
    ['/admin%', 'malformed'],
    ['/admin%2', 'malformed'],
    ['/admin%zz', 'malformed'],
    ['/admin%00', 'control'],
    ['/admin%0a', 'control'],
    ['/admin\u0000x', 'control'],
    ['/admin%7F', 'control'],
    ['http://evil.example/admin', 'path'],
    ['*', 'path'],
    ['', 'path'],
  ])('%s is refused (%s)', (target, reason) => {
    const result = canonicalizeTarget(target);
    expect(result.kind).toBe('bad');
    expect(result.kind === 'bad' && result.reason).toContain(reason);
  });

  it('is idempotent: every redirect target is itself canonical, and never protocol-relative', () => {
    const spellings = ['//admin', '/\\\\evil.example', '/%2F%2Fevil.example', '/.//x/..//y/', '/%2e%2e/%2e%2e//z', '/a\\b%5Cc%2fd'];
    for (const target of spellings) {
      const result = canonicalizeTarget(target);
      expect(result.kind, target).toBe('redirect');
      if (result.kind !== 'redirect') continue;
      expect(result.location.startsWith('//'), `${target} -> ${result.location}`).toBe(false);
      expect(canonicalizeTarget(result.location), `${target} -> ${result.location}`).toEqual({ kind: 'canonical' });
    }
  });
});
