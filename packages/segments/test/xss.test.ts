import { describe, expect, it } from 'vitest';
import { parseChapter, passagesOf, renderPassageHtml, type InputFormat } from '../src/index';
import blns from './fixtures/blns-script-injection.json';
import owasp from './fixtures/owasp-vectors.json';
import { characters } from './story';

const vectors: string[] = [...blns.vectors, ...owasp.vectors];

/** Text is always escaped, so "<script" can only appear as a real tag. Attributes are checked tag by tag. */
function assertSafe(html: string): void {
  expect(html).not.toMatch(/<\s*(script|iframe|style|object|embed|svg|math|img|meta|link|base|form|input)/i);
  for (const tag of html.match(/<[^>]*>/g) ?? []) {
    expect(tag).toMatch(/^<\/?(em|strong|i|b|u|s|sub|sup|a|br|span|code|p|hr)(\s|>|\/)/);
    expect(tag).not.toMatch(/\son\w+\s*=/i);
    expect(tag).not.toMatch(/javascript:|vbscript:|data:/i);
    expect(tag).not.toMatch(/\sstyle\s*=/i);
    if (tag.startsWith('<a '))
      expect(tag).toMatch(/^<a href="(https?:|mailto:)[^"]*" rel="nofollow noopener">$/);
  }
}

describe('safe output for a public XSS corpus', () => {
  it('has a real corpus', () => {
    expect(vectors.length).toBeGreaterThan(300);
  });
  for (const format of ['html', 'markdown'] as InputFormat[]) {
    it(`${format}: no passage html carries script, handlers, styles or javascript: URLs`, async () => {
      let parsed = 0;
      for (const v of vectors) {
        const input = `::: pov Mark\nMark wrote:\n\n${v}\n\n${v} and more text\n:::\n`;
        const wrapped =
          format === 'html'
            ? `<p>::: pov Mark</p><p>Mark wrote:</p><p>${v}</p><div>${v} and more text</div><p>:::</p>`
            : input;
        const r = await parseChapter(wrapped, { format, characters });
        if (!r.ok) continue; // a vector can break the directive structure; that is a refusal, not a leak
        parsed++;
        for (const p of passagesOf(r.chapter)) {
          assertSafe(p.html);
          assertSafe(renderPassageHtml(p));
        }
      }
      expect(parsed).toBeGreaterThan(vectors.length * 0.9);
    });
  }
  it('renderPassageHtml re-sanitises passages that come from elsewhere', () => {
    for (const v of vectors) {
      assertSafe(
        renderPassageHtml({ key: 'k', kind: 'text', html: v, text: v, hash: '0', wordCount: 1, line: 1 }),
      );
    }
  });

  it('keeps safe links with rel="nofollow noopener"', async () => {
    const r = await parseChapter(
      '<p>See <a href="https://example.org/x" onclick="y()" target="_blank">this</a>.</p>',
      { format: 'html', characters },
    );
    expect(r.ok && passagesOf(r.chapter)[0]?.html).toBe(
      'See <a href="https://example.org/x" rel="nofollow noopener">this</a>.',
    );
  });
});
