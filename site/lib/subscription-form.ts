// Small helpers shared by the subscription pages: a body-size limit for form posts (the API's
// limit is Hono's bodyLimit; pages read their own bodies) and the 413 / 429 answers.
import { type StrictForm, trackFieldReads } from './strict-form';
import { readFormBody } from './form-body';

export const MAX_FORM_BYTES = 32 * 1024;

// Refuses a body announced or found to be larger than the limit, before it is parsed.
export async function readSmallForm(request: Request, maxBytes = MAX_FORM_BYTES): Promise<StrictForm | Response> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > maxBytes) return tooLarge();
  const body = await request.arrayBuffer();
  if (body.byteLength > maxBytes) return tooLarge();
  const form = await readFormBody(new Request(request.url, { method: 'POST', headers: request.headers, body }));
  return form instanceof Response ? form : trackFieldReads(form);
}

function tooLarge(): Response {
  const body =
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Too much text</title>' +
    '<main><h1>Too much text</h1><p>This form accepts up to 20 addresses at a time. Go back and send fewer.</p></main></html>';
  return new Response(body, { status: 413, headers: { 'content-type': 'text/html; charset=utf-8' } });
}

export function strings(form: FormData, name: string): string[] {
  return form.getAll(name).filter((v): v is string => typeof v === 'string');
}
