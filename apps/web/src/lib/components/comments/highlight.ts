// Highlights commented words without touching the passage markup: the CSS Custom Highlight API
// where the browser has it, else <mark> wrappers that are removed again on cleanup.
import { rangeFor } from './selection';

export interface Span {
  passageKey: string;
  start: number;
  end: number;
}

function rangesOf(spans: Span[]): Range[] {
  const out: Range[] = [];
  for (const s of spans) {
    const el = document.getElementById(`p-${s.passageKey}`);
    const r = el && rangeFor(el, s.start, s.end);
    if (r) out.push(r);
  }
  return out;
}

/** Highlights the spans under `name` (styled by `::highlight(name)` or `mark.name`); returns the cleanup. */
export function highlight(name: string, spans: Span[], options: { fallback?: boolean } = {}): () => void {
  const registry = typeof CSS !== 'undefined' && 'highlights' in CSS ? CSS.highlights : null;
  if (registry && typeof Highlight !== 'undefined') {
    registry.set(name, new Highlight(...rangesOf(spans)));
    return () => registry.delete(name);
  }
  if (options.fallback === false) return () => {};
  // Fallback: wrap each text node piece of each range (a range may cross inline elements).
  const marks: HTMLElement[] = [];
  for (const range of rangesOf(spans)) {
    const pieces: Range[] = [];
    const walker = document.createTreeWalker(range.commonAncestorContainer, NodeFilter.SHOW_TEXT);
    for (
      let t = walker.currentNode.nodeType === Node.TEXT_NODE ? walker.currentNode : walker.nextNode();
      t;
      t = walker.nextNode()
    ) {
      if (!range.intersectsNode(t)) continue;
      const piece = document.createRange();
      piece.selectNodeContents(t);
      if (t === range.startContainer) piece.setStart(t, range.startOffset);
      if (t === range.endContainer) piece.setEnd(t, range.endOffset);
      if (!piece.collapsed) pieces.push(piece);
    }
    for (const piece of pieces) {
      const mark = document.createElement('mark');
      mark.className = name;
      piece.surroundContents(mark);
      marks.push(mark);
    }
  }
  return () => {
    for (const mark of marks) {
      const parent = mark.parentNode;
      if (!parent) continue;
      mark.replaceWith(...mark.childNodes);
      parent.normalize();
    }
  };
}
