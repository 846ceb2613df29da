// The shared frame of every HTML mail: inline styles only (mail clients drop <style> blocks).
// Every mail (announcements, confirmations, warnings, personal mail) ends with the brand an admin
// set (organisation name and footer text): mailBrandOf reads it, textSignature is its plain-text form.
import type { Db } from '../../../db/connection';
import { getBrand } from '../../lib/brand';
import { html, type SafeHtml } from './html';

export type MailBrand = { name: string; footerText: string };

// undefined while no admin has set a brand: mails then carry no signature.
export function mailBrandOf(ctx: { db: Db }): MailBrand | undefined {
  const brand = getBrand(ctx);
  return brand.isDefault ? undefined : { name: brand.name, footerText: brand.footerText };
}

// "Example Mail\nExample GmbH, Berlin\n", or '' without a brand.
export function textSignature(brand: MailBrand | undefined): string {
  return brand ? `${[brand.name, brand.footerText].filter(Boolean).join('\n')}\n` : '';
}

// "Example Status" <status@example.com>: the brand an admin set names the sender of MAIL_FROM's address.
export function senderAddress(mailFrom: string, brandName: string): string {
  const address = /<([^<>]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  const name = brandName.replace(/["\\\r\n<>]/g, '').trim();
  return name ? `"${name}" <${address}>` : mailFrom;
}

export function mailFrame(opts: { title: string; content: SafeHtml; footer?: SafeHtml; brand?: MailBrand }): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${opts.title}</title></head>
<body style="margin:0;padding:16px;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff">
<div style="max-width:600px;margin:0 auto">
${opts.content}
${opts.footer ? html`<hr style="border:0;border-top:1px solid #d0d0d0;margin:24px 0 12px"><div style="color:#555;font-size:13px">${opts.footer}</div>` : ''}
${opts.brand ? html`<p style="color:#555;font-size:13px;margin-top:12px"><strong>${opts.brand.name}</strong>${opts.brand.footerText ? html`<br>${opts.brand.footerText}` : ''}</p>` : ''}
</div>
</body></html>`.value;
}
