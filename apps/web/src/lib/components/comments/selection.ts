// DOM selections ↔ offsets in a passage's plain text. The passage's `text` (what the server
// anchors against) equals the rendered paragraph's textContent, so an offset is the number of
// characters in the paragraph's text nodes before a point, in document order.

/** The passage paragraph (`<p id="p-KEY" data-passage="KEY">`) containing a node, if any. */
export function passageOf(node: Node | null): HTMLElement | null {
  const el = node && (node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement);
  return (el?.closest('[data-passage]') as HTMLElement | null) ?? null;
}

/** Characters of `root`'s text before the DOM point (container, offset). */
export function textOffset(root: Node, container: Node, offset: number): number {
  // A point inside an element counts the text of its first `offset` children.
  if (container.nodeType !== Node.TEXT_NODE) {
    const child = container.childNodes[offset];
    if (child) return textOffset(root, child, 0);
    // Past the last child: the end of the container's text.
    const range = document.createRange();
    range.selectNodeContents(root);
    range.setEnd(container, container.childNodes.length);
    return range.toString().length;
  }
  let n = 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    if (t === container) return n + offset;
    n += (t as Text).data.length;
  }
  return n;
}

/** A DOM range over [start, end) of `root`'s text, or null when out of range. */
export function rangeFor(root: Node, start: number, end: number): Range | null {
  const range = document.createRange();
  let n = 0;
  let started = false;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let t = walker.nextNode(); t; t = walker.nextNode()) {
    const len = (t as Text).data.length;
    if (!started && start <= n + len) {
      range.setStart(t, start - n);
      started = true;
    }
    if (started && end <= n + len) {
      range.setEnd(t, end - n);
      return range;
    }
    n += len;
  }
  return null;
}

export interface PassageSelection {
  passageKey: string;
  start: number;
  end: number;
  quote: string;
  /** The paragraph element, to place the button beside it. */
  element: HTMLElement;
  rect: DOMRect;
}

/**
 * The current selection as offsets in one passage, trimmed of surrounding whitespace; null when
 * there is none, it is blank, or it crosses passages (a comment sits on one passage).
 */
export function currentSelection(selection: Selection | null): PassageSelection | null {
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  const element = passageOf(range.startContainer);
  if (!element || element !== passageOf(range.endContainer)) return null;
  const key = element.dataset.passage;
  if (!key) return null;
  const text = element.textContent ?? '';
  let start = textOffset(element, range.startContainer, range.startOffset);
  let end = textOffset(element, range.endContainer, range.endOffset);
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  if (end <= start) return null;
  return {
    passageKey: key,
    start,
    end,
    quote: text.slice(start, end),
    element,
    rect: range.getBoundingClientRect(),
  };
}
