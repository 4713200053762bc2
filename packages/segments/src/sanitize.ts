// Final safety net. Passage HTML is generated from runs and is safe by construction; we
// still pass HTML and .docx output through sanitize-html, and renderPassageHtml does it for
// every passage it renders (passages may come back from storage or other code).
import sanitizeHtml from 'sanitize-html';
import type { Passage } from './types';
import { safeHref } from './runs';
import { escapeAttr } from './text';

const INLINE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ['em', 'strong', 'i', 'b', 'u', 's', 'sub', 'sup', 'a', 'br', 'span', 'code'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'template', 'title', 'head', 'xml'],
  transformTags: {
    a: (tagName, attribs) => {
      // Only absolute http(s)/mailto links: relative ones have no meaning in a passage.
      const href = safeHref(attribs['href']);
      const out: sanitizeHtml.Attributes = href ? { href, rel: 'nofollow noopener' } : {};
      return { tagName, attribs: out };
    },
  },
};

export function sanitizeInline(html: string): string {
  return sanitizeHtml(html, INLINE_OPTIONS);
}

/** Safe HTML for one passage: `<p data-key="…">…</p>` or `<hr data-key="…">`. */
export function renderPassageHtml(p: Passage): string {
  const key = escapeAttr(p.key);
  return p.kind === 'break' ? `<hr data-key="${key}">` : `<p data-key="${key}">${sanitizeInline(p.html)}</p>`;
}
