// The host name a request came to, from its Host header: lower case, without port or trailing dot.
export function hostNameOf(hostHeader: string | undefined | null): string {
  return (hostHeader ?? '').trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
}
