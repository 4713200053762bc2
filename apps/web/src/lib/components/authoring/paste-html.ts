// Clipboard HTML from Word or Google Docs → plain paragraphs with <strong>/<em> only, so the
// paste box shows exactly what the server will read as bold/italic. Parsed in an inert document
// (DOMParser runs no scripts and loads nothing); the server sanitises again regardless.

const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'META',
  'LINK',
  'TITLE',
  'HEAD',
  'XML',
  'O:P',
  'TEMPLATE',
  'svg',
  'IMG',
  'OBJECT',
  'IFRAME',
]);
const BLOCK = /^(P|DIV|H[1-6]|LI|BLOCKQUOTE|TR|PRE|SECTION|ARTICLE)$/;

interface Style {
  bold: boolean;
  italic: boolean;
}

function styleOf(el: HTMLElement, inherited: Style): Style {
  let { bold, italic } = inherited;
  const tag = el.tagName;
  if (tag === 'B' || tag === 'STRONG' || /^H[1-6]$/.test(tag)) bold = true;
  if (tag === 'I' || tag === 'EM') italic = true;
  // Google Docs wraps everything in <b style="font-weight:normal">: the style wins over the tag.
  const weight = el.style.fontWeight;
  if (weight) bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
  const fontStyle = el.style.fontStyle;
  if (fontStyle) italic = fontStyle === 'italic' || fontStyle === 'oblique';
  return { bold, italic };
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Returns `<p>…</p>` paragraphs; a break (<hr>) becomes a `***` paragraph. */
export function simplifyPastedHtml(html: string): string {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const paragraphs: string[] = [];
  let current = '';
  const flush = () => {
    if (current.replace(/<[^>]+>/g, '').trim()) paragraphs.push(current.trim());
    current = '';
  };
  const walk = (node: Node, style: Style) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const t = escape((node.textContent ?? '').replace(/\s+/g, ' '));
      if (!t) return;
      let out = t;
      if (t.trim()) {
        if (style.italic) out = `<em>${out}</em>`;
        if (style.bold) out = `<strong>${out}</strong>`;
      }
      current += out;
      return;
    }
    if (!(node instanceof HTMLElement)) return;
    const tag = node.tagName;
    if (SKIP.has(tag) || tag.includes(':')) return;
    if (tag === 'BR') {
      flush();
      return;
    }
    if (tag === 'HR') {
      flush();
      paragraphs.push('***');
      return;
    }
    const block = BLOCK.test(tag);
    if (block) flush();
    const next = styleOf(node, style);
    for (const child of node.childNodes) walk(child, next);
    if (block) flush();
  };
  walk(doc.body, { bold: false, italic: false });
  flush();
  return paragraphs.map((p) => `<p>${p.replace(/<\/strong><strong>|<\/em><em>/g, '')}</p>`).join('\n');
}

/** Plain text (no HTML on the clipboard) → one paragraph per line. */
export function plainTextToHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${escape(line)}</p>`)
    .join('\n');
}
