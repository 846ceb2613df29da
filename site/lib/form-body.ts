// Reading a form post without throwing: a body that is not a form (JSON, text/plain...) gets 415 and
// a form that cannot be parsed gets 400, each as a short page, instead of a TypeError from formData().
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

export function isFormContentType(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return FORM_TYPES.includes(type);
}

export async function readFormBody(request: Request): Promise<FormData | Response> {
  if (!isFormContentType(request.headers.get('content-type'))) {
    return formError(415, 'This address accepts only form submissions (application/x-www-form-urlencoded or multipart/form-data).');
  }
  try {
    return await request.formData();
  } catch {
    return formError(400, 'The form could not be read. Go back, reload the page and send it again.');
  }
}

function formError(status: 400 | 415, message: string): Response {
  const body =
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Form not accepted</title>' +
    `<main><h1>Form not accepted</h1><p>${message}</p></main></html>`;
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
}
