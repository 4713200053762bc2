// j / k on the chapter page: the next or previous passage, as ← → turn chapters. The passage is
// scrolled to and focused (a screen reader reads it out). Counting from the focused passage when
// there is one, so repeated presses step one by one even while a smooth scroll is under way.

/** A passage's top below this (px from the window's top) is "below the reading line". */
function marginOf(el: HTMLElement): number {
  return (parseFloat(getComputedStyle(el).scrollMarginTop) || 0) + 2;
}

/** The passage `j` (+1) or `k` (-1) goes to, or null at either end. */
export function passageTarget(
  passages: HTMLElement[],
  active: Element | null,
  step: 1 | -1,
): HTMLElement | null {
  const current = passages.indexOf(active as HTMLElement);
  if (current >= 0) return passages[current + step] ?? null;
  if (step === 1) return passages.find((p) => p.getBoundingClientRect().top > marginOf(p)) ?? null;
  return passages.findLast((p) => p.getBoundingClientRect().top < -2) ?? null;
}

export function movePassage(step: 1 | -1): boolean {
  const passages = [...document.querySelectorAll<HTMLElement>('[data-passage]')];
  const target = passageTarget(passages, document.activeElement, step);
  if (!target) return false;
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
  target.scrollIntoView({ behavior: smooth ? 'smooth' : 'auto', block: 'start' });
  target.focus({ preventScroll: true });
  return true;
}
