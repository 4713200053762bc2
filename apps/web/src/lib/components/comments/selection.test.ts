// @vitest-environment happy-dom
// Offsets must equal the passage text's character offsets the server anchors against, however
// the paragraph is split into inline elements.
import { beforeEach, describe, expect, it } from 'vitest';
import { currentSelection, passageOf, rangeFor, textOffset } from './selection';

/** `<p id="p-k1" data-passage="k1">The <em>tide</em> turned <strong>at <a>dawn</a></strong>.</p>` */
function paragraph(): HTMLElement {
  document.body.innerHTML =
    '<article><p id="p-k1" data-passage="k1">The <em>tide</em> turned <strong>at <a href="#">dawn</a></strong>.</p>' +
    '<p id="p-k2" data-passage="k2">  Second  </p></article>';
  return document.getElementById('p-k1')!;
}

function select(range: Range): Selection {
  const selection = window.getSelection()!;
  selection.removeAllRanges();
  selection.addRange(range);
  return selection;
}

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('passageOf', () => {
  it('finds the passage paragraph from a text node deep inside it, and nothing outside one', () => {
    const p = paragraph();
    const dawn = p.querySelector('a')!.firstChild!;
    expect(passageOf(dawn)).toBe(p);
    expect(passageOf(p)).toBe(p);
    expect(passageOf(document.querySelector('article'))).toBeNull();
    expect(passageOf(null)).toBeNull();
  });
});

describe('textOffset', () => {
  it('counts the characters of every text node before the point, across inline elements', () => {
    const p = paragraph();
    const text = p.textContent;
    const dawn = p.querySelector('a')!.firstChild!;
    expect(textOffset(p, dawn, 2)).toBe(text.indexOf('dawn') + 2);
    expect(textOffset(p, p.firstChild!, 0)).toBe(0);
  });

  it('reads an element point as "before its n-th child", and past the last child as the end', () => {
    const p = paragraph();
    const text = p.textContent;
    const strong = p.querySelector('strong')!;
    expect(textOffset(p, p, 1)).toBe('The '.length); // before <em>
    expect(textOffset(p, strong, 1)).toBe(text.indexOf('dawn')); // before <a>
    expect(textOffset(p, p, p.childNodes.length)).toBe(text.length);
  });
});

describe('rangeFor', () => {
  it('is the inverse of textOffset: the range covers exactly [start, end) of the text', () => {
    const p = paragraph();
    const text = p.textContent;
    for (const [start, end] of [
      [0, 3],
      [4, 8],
      [2, text.length],
      [text.indexOf('at'), text.indexOf('dawn') + 4],
      [text.length - 1, text.length],
    ] as const) {
      const range = rangeFor(p, start, end)!;
      expect(range.toString()).toBe(text.slice(start, end));
      expect(textOffset(p, range.startContainer, range.startOffset)).toBe(start);
      expect(textOffset(p, range.endContainer, range.endOffset)).toBe(end);
    }
  });

  it('is null when the end is past the text', () => {
    const p = paragraph();
    expect(rangeFor(p, 0, p.textContent.length + 1)).toBeNull();
  });
});

describe('currentSelection', () => {
  it('gives the passage key, offsets and quote of a selection across inline elements', () => {
    const p = paragraph();
    const text = p.textContent;
    const range = document.createRange();
    range.setStart(p.querySelector('em')!.firstChild!, 1); // "ide"
    range.setEnd(p.querySelector('a')!.firstChild!, 2); // "da"
    const got = currentSelection(select(range))!;
    expect(got).toMatchObject({ passageKey: 'k1', start: 5, end: text.indexOf('dawn') + 2, element: p });
    expect(got.quote).toBe('ide turned at da');
  });

  it('trims surrounding whitespace from the offsets and the quote', () => {
    paragraph();
    const p2 = document.getElementById('p-k2')!;
    const range = document.createRange();
    range.selectNodeContents(p2);
    expect(currentSelection(select(range))).toMatchObject({
      passageKey: 'k2',
      start: 2,
      end: 8,
      quote: 'Second',
    });
  });

  it('is null for no selection, a collapsed one, a blank one, or one crossing two passages', () => {
    const p = paragraph();
    const p2 = document.getElementById('p-k2')!;
    expect(currentSelection(null)).toBeNull();

    const collapsed = document.createRange();
    collapsed.setStart(p.firstChild!, 2);
    collapsed.setEnd(p.firstChild!, 2);
    expect(currentSelection(select(collapsed))).toBeNull();

    const blank = document.createRange();
    blank.setStart(p2.firstChild!, 0);
    blank.setEnd(p2.firstChild!, 2);
    expect(currentSelection(select(blank))).toBeNull();

    const across = document.createRange();
    across.setStart(p.firstChild!, 0);
    across.setEnd(p2.firstChild!, 4);
    expect(currentSelection(select(across))).toBeNull();
  });

  it('is null inside an element that is not a passage', () => {
    document.body.innerHTML = '<p>Not a passage</p>';
    const range = document.createRange();
    range.selectNodeContents(document.querySelector('p')!);
    expect(currentSelection(select(range))).toBeNull();
  });
});
