import MarkdownIt from 'markdown-it';
import container from 'markdown-it-container';
import { describe, expect, it } from 'vitest';
import { parseChapter, passagesOf, renderPassageHtml, toMarkup } from '../src/index';
import { characters, directivesMd } from './story';

describe('canonical markup', () => {
  it('renders with stock markdown-it + markdown-it-container as one container per segment', async () => {
    const r = await parseChapter(directivesMd, { format: 'markdown', characters });
    if (!r.ok) throw new Error('parse failed');
    // markdown-it 15 ships its own types; the plugin's come from @types/markdown-it.
    const md = new MarkdownIt();
    md.use(container as unknown as (m: typeof md, name: string) => void, 'pov');
    const tokens = md.parse(toMarkup(r.chapter), {});
    const opens = tokens.filter((t) => t.type === 'container_pov_open').map((t) => t.info.trim());
    expect(opens).toEqual(r.chapter.segments.filter((s) => s.pov).map((s) => `pov ${s.pov}`));
  });

  it('renderPassageHtml wraps a passage in <p> or <hr> with its key', async () => {
    const r = await parseChapter(directivesMd, { format: 'markdown', characters });
    if (!r.ok) throw new Error('parse failed');
    const [first, , brk] = passagesOf(r.chapter);
    expect(renderPassageHtml(first as never)).toBe(`<p data-key="${first?.key}">${first?.html}</p>`);
    expect(renderPassageHtml(brk as never)).toBe(`<hr data-key="${brk?.key}">`);
  });
});
