// The HTML part as the admin's preview frame shows it: every link opens in a new tab without
// telling the target where it came from. The frame stays sandboxed without scripts (the page adds
// only popups, and same-origin so its own script can size the frame to the mail's height).
const ANCHOR = /<a(?=[\s>])/gi;

export function previewMailHtml(html: string): string {
  // Attributes given first win over any the mail repeats, so a mail cannot undo them.
  return html.replace(ANCHOR, '<a target="_blank" rel="noopener noreferrer"');
}

export type TextPart = { text: string } | { url: string };

const URL_IN_TEXT = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

// The text part cut into plain text and web addresses, so the page can make the addresses links.
export function linkifyMailText(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    if (match.index > last) parts.push({ text: text.slice(last, match.index) });
    parts.push({ url: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
