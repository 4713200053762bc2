// One layout for every mail: a plain-text body and an HTML body saying the same thing, and a
// footer that says why this mail was sent. Pure: strings in, strings out; all user text escaped.

export interface MailContent {
  /** Paragraphs of plain text (user text allowed: it is escaped in the HTML body). */
  paragraphs: string[];
  /** The one thing the mail asks the reader to do, as a button in HTML and a bare link in text. */
  action?: { label: string; url: string };
  /** Why the recipient gets this mail, e.g. "You asked to reset your password on Margins." */
  reason: string;
  /** Extra footer lines, e.g. how to unsubscribe. */
  footer?: string[];
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Only http(s) links become buttons; anything else would be a script or data URL in a mail client. */
function safeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new Error(`Mail links must be http(s): ${parsed.protocol}`);
  return parsed.toString();
}

export function renderMail(content: MailContent): { text: string; html: string } {
  const url = content.action ? safeUrl(content.action.url) : undefined;
  const footer = [content.reason, ...(content.footer ?? [])];
  const text = [
    ...content.paragraphs,
    ...(content.action && url ? [`${content.action.label}: ${url}`] : []),
    '--',
    ...footer,
  ].join('\n\n');
  const p = (s: string) => `<p style="margin:0 0 1em">${escapeHtml(s).replace(/\n/g, '<br>')}</p>`;
  const button =
    content.action && url
      ? `<p style="margin:1.5em 0"><a href="${escapeHtml(url)}" style="background:#1f4e79;color:#fff;padding:.6em 1.2em;border-radius:4px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>` +
        `<p style="margin:0 0 1em;font-size:.9em;color:#555">Or open this link: <a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`
      : '';
  const html =
    `<!doctype html><html><body style="font-family:Georgia,serif;line-height:1.5;color:#222;max-width:36em;margin:auto;padding:1em">` +
    content.paragraphs.map(p).join('') +
    button +
    `<hr style="border:none;border-top:1px solid #ddd;margin:2em 0 1em">` +
    footer.map((f) => `<p style="margin:0 0 .5em;font-size:.85em;color:#666">${escapeHtml(f)}</p>`).join('') +
    `</body></html>`;
  return { text, html };
}
