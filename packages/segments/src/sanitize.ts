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
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'iframe',
    'object',
    'embed',
    'svg',
    'math',
    'template',
    'title',
    'head',
    'xml',
  ],
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

/**
 * sanitizeInline of each fragment. Each call has a fixed cost (a parser, option maps, frames)
 * that dominated chapters of many short passages, so fragments that are balanced runs of
 * inline tags without a newline — what runsToHtml generates — go through sanitize-html as one
 * document joined by newlines: with nothing open at any newline, each piece comes out exactly
 * as it would alone. If the sanitiser changes anything, each fragment is sanitised alone.
 */
export function sanitizeInlineAll(fragments: string[]): string[] {
  if (!fragments.every(balanced)) return fragments.map(sanitizeInline);
  const joined = fragments.join('\n');
  return sanitizeInline(joined) === joined ? fragments : fragments.map(sanitizeInline);
}

const TAG = /<(\/?)([a-z]+)\b[^<>]*>/g;
const VOID = new Set(['br']);

/** No newline, every `<` starts a tag, and every tag opened is closed in order. */
function balanced(html: string): boolean {
  if (html.includes('\n')) return false;
  const open: string[] = [];
  let tags = 0;
  for (const m of html.matchAll(TAG)) {
    tags++;
    const name = m[2] as string;
    if (VOID.has(name)) continue;
    if (m[1] !== '/') open.push(name);
    else if (open.pop() !== name) return false;
  }
  if (open.length > 0) return false;
  let lt = 0;
  for (let i = html.indexOf('<'); i >= 0; i = html.indexOf('<', i + 1)) lt++;
  return lt === tags;
}

/** Safe HTML for one passage: `<p data-key="…">…</p>` or `<hr data-key="…">`. */
export function renderPassageHtml(p: Passage): string {
  const key = escapeAttr(p.key);
  return p.kind === 'break' ? `<hr data-key="${key}">` : `<p data-key="${key}">${sanitizeInline(p.html)}</p>`;
}
