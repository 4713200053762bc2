// The upload form → the API's upload input: which source wins, how the chosen convention and
// mapping travel, and how the form names the upload its last preview staged (never the file itself).
import { describe, expect, it, vi } from 'vitest';
import { readUploadForm, stagedRef } from './upload.server';

// The field reader's module also holds page helpers that reach the API; none of them runs here.
vi.mock('$lib/server/api', () => ({ api: vi.fn() }));

function form(fields: Record<string, string | string[]>, file?: File): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
  }
  if (file) data.append('file', file);
  return data;
}

describe('readUploadForm', () => {
  it('reads a file by its extension: text as UTF-8, .docx as base64 for the JSON call', async () => {
    const md = await readUploadForm(form({ title: 'One' }, new File(['# Ch\n\nÉté'], 'ch.MD')));
    expect(md.upload).toEqual({ source: '# Ch\n\nÉté', format: 'markdown' });
    expect(md.file).toEqual({ source: '# Ch\n\nÉté', format: 'markdown', fileName: 'ch.MD' });
    expect(md.values.title).toBe('One');

    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff]);
    const docx = await readUploadForm(form({}, new File([bytes], 'Chapter.DOCX')));
    expect(docx.upload).toEqual({ source: Buffer.from(bytes).toString('base64'), format: 'docx' });

    expect((await readUploadForm(form({}, new File(['<p>x</p>'], 'a.htm')))).upload?.format).toBe('html');
    expect((await readUploadForm(form({}, new File(['<p>x</p>'], 'a.html')))).upload?.format).toBe('html');
  });

  it('takes a file over pasted text, pasted rich text over plain', async () => {
    const both = await readUploadForm(form({ pasteHtml: '<p>pasted</p>' }, new File(['from file'], 'a.txt')));
    expect(both.upload?.source).toBe('from file');

    const rich = await readUploadForm(form({ pasteHtml: '<p>rich</p>', pasteText: 'plain' }));
    expect(rich.upload).toEqual({ source: '<p>rich</p>', format: 'html' });
    expect(rich.values.pasteHtml).toBe('<p>rich</p>');

    // In plain-text mode the rich field is ignored even when it has content.
    const plain = await readUploadForm(
      form({ pasteMode: 'text', pasteHtml: '<p>rich</p>', pasteText: 'plain' }),
    );
    expect(plain.upload).toEqual({ source: 'plain', format: 'markdown' });
  });

  it('names the staged upload of the last preview; unchanged only while no new file is chosen and the paste is the same', async () => {
    const staged = { stagedId: 'st1', stagedFormat: 'docx', stagedName: 'c.docx', stagedPaste: '' };
    const again = await readUploadForm(form(staged));
    expect(again.upload).toBeNull();
    expect(again.staged).toEqual({ id: 'st1', format: 'docx', fileName: 'c.docx', paste: '', settings: '' });
    expect(again.unchanged).toBe(true);
    // The form never carries the file's bytes back.
    expect(JSON.stringify(again)).not.toContain('UEsDB');

    const newFile = await readUploadForm(form(staged, new File(['x'], 'n.md')));
    expect(newFile.unchanged).toBe(false);

    const pasted = await readUploadForm(form({ pasteText: 'Same text.' }));
    const ref = stagedRef({ stagedId: 'st2', fileName: '', format: 'markdown' }, pasted);
    const samePaste = await readUploadForm(
      form({ pasteText: 'Same text.', stagedId: ref.id, stagedFormat: ref.format, stagedPaste: ref.paste }),
    );
    expect(samePaste.unchanged).toBe(true);
    const editedPaste = await readUploadForm(
      form({ pasteText: 'Edited text.', stagedId: ref.id, stagedFormat: ref.format, stagedPaste: ref.paste }),
    );
    expect(editedPaste.unchanged).toBe(false);

    const bogus = await readUploadForm(form({ stagedId: 'x', stagedFormat: 'exe' }));
    expect(bogus.staged).toBeNull();
  });

  it('is null with nothing to upload (a blank paste or an empty file), keeping the values to refill', async () => {
    const empty = await readUploadForm(
      form({ title: 'T', pasteText: '   \n', pasteHtml: ' ' }, new File([], 'empty.md')),
    );
    expect(empty.upload).toBeNull();
    expect(empty.values).toMatchObject({ title: 'T', pasteText: '   \n' });
  });

  it('passes the convention, and a style mapping only for the style convention and only with named styles', async () => {
    const markers = await readUploadForm(form({ pasteText: 'x', convention: 'markers', styleBold: 'Mark' }));
    expect(markers.upload).toEqual({ source: 'x', format: 'markdown', convention: 'markers' });

    const style = await readUploadForm(
      form({ pasteText: 'x', convention: 'style', styleBold: 'Mark', stylePlain: 'Lexie', styleItalic: '' }),
    );
    expect(style.upload).toEqual({
      source: 'x',
      format: 'markdown',
      convention: 'style',
      styleMapping: { bold: 'Mark', plain: 'Lexie' },
    });

    // "Detect" (or anything unknown) leaves the convention to the parser.
    const detect = await readUploadForm(form({ pasteText: 'x', convention: 'auto' }));
    expect(detect.upload).toEqual({ source: 'x', format: 'markdown' });
  });

  it('"save with this mapping" overrides the form: markers drop the mapping, style|k=v pairs become it', async () => {
    const markers = await readUploadForm(
      form({ pasteText: 'x', convention: 'style', styleBold: 'Mark', accept: 'markers' }),
    );
    expect(markers.upload).toEqual({ source: 'x', format: 'markdown', convention: 'markers' });

    const style = await readUploadForm(
      form({
        pasteText: 'x',
        convention: 'markers',
        accept: 'style|bold=Mark|italic=Lexie|under=Nope|plain=',
      }),
    );
    expect(style.upload).toEqual({
      source: 'x',
      format: 'markdown',
      convention: 'style',
      styleMapping: { bold: 'Mark', italic: 'Lexie' },
    });
  });

  it('keeps the paragraphs taken back as story text: positive whole numbers, once each, at most 200', async () => {
    const many = Array.from({ length: 250 }, (_, i) => String(i + 1));
    const got = await readUploadForm(
      form({ pasteText: 'x', storyText: ['3', '3', '0', '-2', 'abc', '7', ...many] }),
    );
    expect(got.storyText.slice(0, 3)).toEqual([3, 7, 1]);
    expect(got.storyText).toHaveLength(200);
    expect(new Set(got.storyText).size).toBe(200);
    expect(got.upload?.storyText).toEqual(got.storyText);

    const none = await readUploadForm(form({ pasteText: 'x' }));
    expect(none.upload).not.toHaveProperty('storyText');
  });
});
