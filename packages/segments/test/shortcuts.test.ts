// The parser skips markdown-it where it can tell what markdown-it would give (plain
// paragraphs, plain inline text): these check that it gives exactly that, for any input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markdownBlocks, paragraphRuns } from '../src/markdown';
import { formatRatio, runsToHtml, type Run } from '../src/runs';
import { sanitizeInline, sanitizeInlineAll } from '../src/sanitize';
import { newWork } from '../src/work';

describe('shortcuts agree with the libraries', () => {
  it('plain inline text: the same runs', () => {
    // Pieces of inline syntax, every character markdown-it stops at, spaces and plain words.
    const piece = fc.oneof(
      fc.constantFrom(
        'a',
        'word',
        'é',
        '\u00a0',
        ' ',
        '  ',
        '\t',
        '\n',
        ' \n',
        '  \n',
        '\t\n',
        '\n  ',
        '\\',
        '\\\n',
        '&amp;',
        '&#65;',
        '&x',
        '*',
        '**',
        '_',
        '`',
        '~~',
        '[',
        ']',
        '](http://x.y)',
        '<http://x.y>',
        '![',
      ),
      fc.constantFrom(...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'.split('')),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('').replace(/^[ \t\n]+|[ \t\n]+$/g, '');
        expect(paragraphRuns(text, {}, newWork())).toEqual(paragraphRuns(text, {}, newWork(), false));
      }),
      { numRuns: 3000, seed: 14 },
    );
  });

  it('plain paragraphs: the same blocks, with the same lines', () => {
    // Lines as scanMarkdown leaves them: blank, or starting with something other than space.
    const line = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          '',
          '',
          'a',
          'Plain words here.',
          'trailing  ',
          'é\u00a0',
          ':::',
          'x\u0000y',
          'see [r] and [r][]',
          '*em* start',
          'end *em*',
          'a\\',
        ),
      },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          '> quote',
          '>> deeper',
          '>',
          '- item',
          '* item',
          '+ item',
          '1. one',
          '2) two',
          '10. ten',
          '# head',
          '###### six',
          '####### seven',
          '```',
          '```js',
          '``` a`b',
          '````',
          '~~~',
          '~~~ x',
          '``',
          '---',
          '===',
          '=',
          '-',
          '--',
          '***',
          '* * *',
          '___',
          '_ _ _',
          '[r]: http://x.y',
          '[r]: http://x.y "t"',
          '[r]:',
          '<div>',
          '<b>x</b>',
          '|a|b|',
          '|-|-|',
          '\t',
          '  ',
          '\u00a0',
        ),
      },
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const fast = markdownBlocks([...lines], [], newWork());
        const slow = markdownBlocks([...lines], [], newWork(), false);
        expect(fast).toEqual(slow);
      }),
      { numRuns: 3000, seed: 14 },
    );
  });

  it('format ratios skip exactly the characters \\s matches', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      expect(
        formatRatio(
          [
            { text: ch, f: 1 },
            { text: 'a', f: 0 },
          ],
          1,
        ),
        `U+${c.toString(16)}`,
      ).toBe(/\s/.test(ch) ? 0 : 0.5);
    }
  });

  it('sanitising many fragments at once gives what sanitising each alone gives', () => {
    const run: fc.Arbitrary<Run> = fc
      .record({
        text: fc.constantFrom('a', ' b ', '&', '<', '>', '"', "'", '&amp;', '\u00a0', 'é', 'x y'),
        f: fc.integer({ min: 0, max: 127 }),
        href: fc.constantFrom(
          undefined,
          'https://example.com/a?b=1&c="d"',
          'mailto:x@y.z',
          'javascript:alert(1)',
        ),
      })
      .map((r) => (r.href === undefined ? { text: r.text, f: r.f } : { text: r.text, f: r.f, href: r.href }));
    // Generated passages, and hand-made fragments a bug could produce instead.
    const fragment = fc.oneof(
      { weight: 4, arbitrary: fc.array(run, { maxLength: 6 }).map(runsToHtml) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '<strong>a',
          'b</strong>',
          '<a href="x',
          'y">z</a>',
          'a\nb',
          '<script>x</script>',
          '<em><strong>a</em></strong>',
          '<br />',
          '<img src=x onerror=alert(1)>',
          '&',
          '&amp',
          'x"y',
        ),
      },
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 12 }), (fragments) => {
        expect(sanitizeInlineAll(fragments)).toEqual(fragments.map(sanitizeInline));
      }),
      { numRuns: 1500, seed: 14 },
    );
  });
});
