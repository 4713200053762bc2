// Number formatting shared by the dashboard pages (pure, browser-safe).
export const num = (n: number) => n.toLocaleString('en-GB');
export const pct = (r: number | null) => (r === null ? '–' : `${Math.round(r * 100)} %`);
export const avg = (a: { average: number | null; ratings: number }) =>
  a.average === null ? '–' : a.average.toFixed(1);
export const yayShare = (yays: number, nays: number) =>
  yays + nays === 0 ? '–' : `${Math.round((yays / (yays + nays)) * 100)} % yay`;
export const unread = (n: number) => (n > 999 ? '999+' : String(n));
export const day = (d: Date | string) =>
  new Date(d).toLocaleDateString('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
export const ASPECT_NAMES = {
  pacing: 'Pacing',
  characters: 'Characters',
  povClarity: 'POV clarity',
  prose: 'Prose',
} as const;
export const TYPE_NAMES = { reaction: 'Reactions', critique: 'Critiques', typo: 'Typos' } as const;
/** "1 critique", "3 critiques". */
export const count = (n: number, one: string, many = `${one}s`) => `${num(n)} ${n === 1 ? one : many}`;
export const typeLine = (t: { reaction: number; critique: number; typo: number }) =>
  `${count(t.reaction, 'reaction')} · ${count(t.critique, 'critique')} · ${count(t.typo, 'typo')}`;
