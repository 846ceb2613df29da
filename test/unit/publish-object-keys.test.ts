import { describe, expect, it } from 'vitest';
import { cacheControlFor, isPublishablePath, objectKeyFor, parseS3Url } from '../../api/publish/object-keys';
import { linkedPaths } from '../../api/publish/crawl';

describe('objectKeyFor', () => {
  it.each([
    ['/', '', 'index.html'],
    ['/eu', '', 'eu/index.html'],
    ['/eu/', '', 'eu/index.html'],
    ['/eu/incidents/12', '', 'eu/incidents/12/index.html'],
    ['/eu/feed.xml', '', 'eu/feed.xml'],
    ['/eu/api/v2/summary.json', 'status', 'status/eu/api/v2/summary.json'],
    ['/404.html', 'a/b/', 'a/b/404.html'],
  ])('%s with prefix "%s" is %s', (path, prefix, key) => expect(objectKeyFor(path, prefix)).toBe(key));
});

describe('isPublishablePath', () => {
  it.each([
    ['/eu', true], ['/eu/history', true], ['/admin', false], ['/admin/mailbox', false], ['/subscribe', false],
    ['/manage/abc', false], ['/confirm/x', false], ['/unsubscribe/x', false], ['/customer', false], ['/api/v1/platforms', false],
    ['//admin', false], ['/eu?day=2026-11-01', false], ['/eu/../admin', false], ['https://other.example/', false],
  ])('%s: %s', (path, expected) => expect(isPublishablePath(path)).toBe(expected));
});

it('follows same-origin links only, without fragments, decoding &amp;', () => {
  const html = '<a href="/eu#now">x</a><a href="https://evil.example/x">y</a><a href="//evil.example">z</a><link href="/eu/feed.xml"><a href="/subscribe?platform=eu&amp;x=1">s</a><img src="/logo.png">';
  expect(linkedPaths(html)).toEqual(['/eu', '/eu/feed.xml', '/logo.png']);
});

it('gives built assets a year and documents a short browser and longer edge lifetime', () => {
  expect(cacheControlFor('/_astro/app.1234.css')).toBe('public, max-age=31536000, immutable');
  expect(cacheControlFor('/eu')).toMatch(/max-age=30, s-maxage=60, stale-while-revalidate=300, stale-if-error=\d+/);
});

it('parses s3:// URLs and refuses others', () => {
  expect(parseS3Url('s3://status-bucket/public/')).toEqual({ bucket: 'status-bucket', prefix: 'public' });
  expect(parseS3Url('s3://status-bucket')).toEqual({ bucket: 'status-bucket', prefix: '' });
  expect(() => parseS3Url('https://status-bucket')).toThrow(/s3:\/\//);
});
