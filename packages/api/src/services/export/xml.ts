// Escaping for the XML this package writes (EPUB XHTML, OPF, Atom).
export function escapeXml(s: string): string {
  return (
    s
      // XML 1.0 forbids these control characters outright; a reader would refuse the file.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
const NAMED: Record<string, number> = {
  nbsp: 160,
  shy: 173,
  mdash: 8212,
  ndash: 8211,
  hellip: 8230,
  lsquo: 8216,
  rsquo: 8217,
  ldquo: 8220,
  rdquo: 8221,
};

/**
 * Passage HTML (already sanitised to a few inline tags by @margins/segments) as XHTML: void
 * tags self-closed and HTML-only named entities turned into numeric ones, since XHTML readers
 * only know XML's five.
 */
export function passageHtmlToXhtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '<br />')
    .replace(/&([a-zA-Z][a-zA-Z0-9]*);/g, (whole, name: string) => {
      if (XML_ENTITIES.has(name)) return whole;
      const code = NAMED[name];
      return code === undefined ? '' : `&#${code};`;
    })
    .replace(/&(?![a-zA-Z][a-zA-Z0-9]*;|#[0-9]+;|#x[0-9a-fA-F]+;)/g, '&amp;');
}
