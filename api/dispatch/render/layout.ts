// The shared frame of every HTML mail: inline styles only (mail clients drop <style> blocks).
import { html, type SafeHtml } from './html';

export function mailFrame(opts: { title: string; content: SafeHtml; footer?: SafeHtml }): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${opts.title}</title></head>
<body style="margin:0;padding:16px;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff">
<div style="max-width:600px;margin:0 auto">
${opts.content}
${opts.footer ? html`<hr style="border:0;border-top:1px solid #d0d0d0;margin:24px 0 12px"><div style="color:#555;font-size:13px">${opts.footer}</div>` : ''}
</div>
</body></html>`.value;
}
