// Splits what a person typed into addresses: trimmed, lower-cased, de-duplicated, each checked on
// its own so one typo does not hold back the others.
import { z } from 'zod';

export const MAX_ADDRESSES = 20;
const EmailAddress = z.email({ error: 'is not a valid e-mail address' }).max(254, 'is longer than 254 characters');

export type AddressIssue = { index: number; value: string; message: string };
export type ParsedAddresses = { valid: string[]; invalid: AddressIssue[] };

// Text areas hold one address per line; commas and semicolons are accepted as separators too.
export function splitAddressText(text: string): string[] {
  return text.split(/[\r\n,;]+/).map((s) => s.trim()).filter((s) => s.length > 0);
}

export function checkAddresses(raw: string[]): ParsedAddresses {
  const valid: string[] = [];
  const invalid: AddressIssue[] = [];
  raw.forEach((value, index) => {
    const address = value.trim().toLowerCase();
    if (address.length > 254) {
      invalid.push({ index, value: shorten(value), message: 'is longer than 254 characters' });
      return;
    }
    const result = EmailAddress.safeParse(address);
    if (!result.success) invalid.push({ index, value: shorten(value), message: result.error.issues[0]!.message });
    else if (!valid.includes(address)) valid.push(address);
  });
  return { valid, invalid };
}

// Error messages quote what was typed, but never a whole 10,000-character paste.
function shorten(value: string): string {
  const trimmed = value.trim();
  return trimmed.length > 80 ? `${trimmed.slice(0, 77)}...` : trimmed;
}
