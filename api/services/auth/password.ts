// Password hashing with node:crypto scrypt (memory-hard). The stored string carries its own
// parameters and salt, so the cost can be raised later without breaking existing hashes.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;
// scrypt needs 128 * N * r bytes; Node's default ceiling (32 MiB) is exactly that, so raise it.
const MAX_MEM = 128 * 1024 * 1024;

function derive(password: string, salt: Buffer, params: typeof PARAMS, length: number): Promise<Buffer> {
  return new Promise((ok, fail) => {
    scrypt(password.normalize('NFKC'), salt, length, { ...params, maxmem: MAX_MEM }, (err, key) => (err ? fail(err) : ok(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS, KEY_LENGTH);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

// False for a wrong password and for a malformed stored string; never throws on user input.
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (![N, r, p].every(Number.isInteger) || expected.length === 0) return false;
  const actual = await derive(password, salt, { N, r, p }, expected.length);
  return timingSafeEqual(actual, expected);
}

// Readable, strong (about 120 bits), and free of characters that are confused or need quoting.
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(24);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out.replace(/(.{6})(?=.)/g, '$1-');
}

let dummyHash: Promise<string> | undefined;

// A hash to verify against when the account does not exist, so both answers cost the same work.
export function getDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}
