// @vitest-environment happy-dom
// Highlighting must never change what a passage says: the fallback wraps text in <mark>s and its
// cleanup must give back the very same text nodes' content (anchors are offsets into it).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { highlight } from './highlight';

const HTML =
  '<p id="p-k1" data-passage="k1">The <em>tide</em> turned <strong>at dawn</strong>.</p>' +
  '<p id="p-k2" data-passage="k2">Second passage</p>';

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('highlight, without the CSS Custom Highlight API', () => {
  it('wraps each span in marks of the given class, split at inline elements', () => {
    vi.stubGlobal('CSS', {});
    document.body.innerHTML = HTML;
    const p = document.getElementById('p-k1')!;
    const start = p.textContent.indexOf('ide');
    const end = p.textContent.indexOf('dawn') + 2;
    highlight('commented', [
      { passageKey: 'k1', start, end },
      { passageKey: 'k2', start: 0, end: 6 },
    ]);
    const marks = [...document.querySelectorAll('mark.commented')].map((m) => m.textContent);
    expect(marks).toEqual(['ide', ' turned ', 'at da', 'Second']);
    // The text is unchanged, and the passage markup keeps its inline elements.
    expect(p.textContent).toBe('The tide turned at dawn.');
    expect(p.querySelector('em')!.textContent).toBe('tide');
  });

  it('cleanup removes every mark and leaves the markup exactly as before, text nodes merged', () => {
    vi.stubGlobal('CSS', {});
    document.body.innerHTML = HTML;
    const before = document.body.innerHTML;
    const cleanup = highlight('commented', [{ passageKey: 'k1', start: 1, end: 20 }]);
    expect(document.querySelectorAll('mark').length).toBeGreaterThan(1);
    cleanup();
    expect(document.querySelectorAll('mark')).toHaveLength(0);
    expect(document.body.innerHTML).toBe(before);
    // normalize() merged the split text nodes back: one text node before <em>, as rendered.
    expect(document.getElementById('p-k1')!.firstChild!.nodeValue).toBe('The ');
  });

  it('skips spans of passages not on the page and spans past the text', () => {
    vi.stubGlobal('CSS', {});
    document.body.innerHTML = HTML;
    highlight('commented', [
      { passageKey: 'gone', start: 0, end: 3 },
      { passageKey: 'k2', start: 0, end: 999 },
    ]);
    expect(document.querySelectorAll('mark')).toHaveLength(0);
  });

  it('does nothing with fallback: false', () => {
    vi.stubGlobal('CSS', {});
    document.body.innerHTML = HTML;
    const before = document.body.innerHTML;
    highlight('focus', [{ passageKey: 'k1', start: 0, end: 3 }], { fallback: false })();
    expect(document.body.innerHTML).toBe(before);
  });
});

describe('highlight, with the CSS Custom Highlight API', () => {
  it('registers one Highlight of the spans under the name, touches no markup, and deletes it on cleanup', () => {
    const registry = new Map<string, { ranges: Range[] }>();
    vi.stubGlobal('CSS', { highlights: registry });
    vi.stubGlobal(
      'Highlight',
      class {
        ranges: Range[];
        constructor(...ranges: Range[]) {
          this.ranges = ranges;
        }
      },
    );
    document.body.innerHTML = HTML;
    const before = document.body.innerHTML;
    const cleanup = highlight('commented', [
      { passageKey: 'k1', start: 4, end: 8 },
      { passageKey: 'k2', start: 7, end: 14 },
    ]);
    expect(registry.get('commented')!.ranges.map((r) => r.toString())).toEqual(['tide', 'passage']);
    expect(document.body.innerHTML).toBe(before);
    cleanup();
    expect(registry.has('commented')).toBe(false);
  });
});
