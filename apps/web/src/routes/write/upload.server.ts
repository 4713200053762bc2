// Turns the chapter upload form (file, pasted rich text or Markdown, convention, style mapping)
// into the API's upload input. Shared by the new-chapter page and the chapter page's "revise
// from a file". A preview stages the file on the server (chapter.stage); the form then names it
// by its opaque id only, so the file never travels back through the page.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { RouterInputs } from '@margins/api';
import { text } from '$lib/server/fields';

export type Upload = RouterInputs['chapter']['create']['upload'];
export type UploadSettings = RouterInputs['chapter']['stage']['settings'];
export type UploadFile = NonNullable<RouterInputs['chapter']['stage']['file']>;

/** The upload the last preview staged, as the form names it back (never its bytes). */
export interface StagedRef {
  id: string;
  fileName: string;
  format: Upload['format'];
  /** Digest of pasted text that was staged, to tell whether the paste changed since ('' for a file). */
  paste: string;
  /** Digest of the settings the preview used. */
  settings: string;
}

export type UploadForm = {
  /** What the form sends now (a newly chosen file or the paste) with its settings; null if nothing. */
  upload: Upload | null;
  file: UploadFile | null;
  settings: UploadSettings;
  /** The last preview's staged upload, if the form names one. */
  staged: StagedRef | null;
  /** No new file or text since the last preview: saving can use the staged upload. */
  unchanged: boolean;
  /** The settings are the ones the last preview used (its parse is what would be saved). */
  sameSettings: boolean;
  /** Digest of the paste now ('' when the text comes from a file). */
  paste: string;
  /** Paragraphs the author took back from the proposed notes (carried from preview to preview). */
  storyText: number[];
  /** Everything to refill the form with (not the file itself: browsers cannot refill it). */
  values: Record<string, string>;
};

const digest = (format: string, source: string) =>
  createHash('sha256').update(format).update('\0').update(source).digest('base64url');

function formatOf(fileName: string): Upload['format'] {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.docx')) return 'docx';
  if (lower.endsWith('.html') || lower.endsWith('.htm')) return 'html';
  return 'markdown';
}

export async function readUploadForm(form: FormData): Promise<UploadForm> {
  const convention = text(form, 'convention');
  const styleMapping = {
    bold: text(form, 'styleBold'),
    italic: text(form, 'styleItalic'),
    plain: text(form, 'stylePlain'),
  };
  const values = {
    title: text(form, 'title'),
    convention,
    styleBold: styleMapping.bold,
    styleItalic: styleMapping.italic,
    stylePlain: styleMapping.plain,
    pasteMode: text(form, 'pasteMode'),
    pasteHtml: text(form, 'pasteHtml'),
    pasteText: text(form, 'pasteText'),
  };

  let file: UploadFile | null = null;
  let paste = '';
  const chosen = form.get('file');
  if (chosen instanceof File && chosen.size > 0) {
    const format = formatOf(chosen.name);
    const bytes = Buffer.from(await chosen.arrayBuffer());
    // The API takes JSON: .docx as base64, text files as UTF-8 (the parser reports bad bytes by line).
    file = {
      source: format === 'docx' ? bytes.toString('base64') : bytes.toString('utf8'),
      format,
      fileName: chosen.name,
    };
  } else if (values.pasteMode !== 'text' && values.pasteHtml.trim()) {
    file = { source: values.pasteHtml, format: 'html', fileName: '' };
  } else if (values.pasteText.trim()) {
    file = { source: values.pasteText, format: 'markdown', fileName: '' };
  }
  if (file && !file.fileName) paste = digest(file.format, file.source);
  const stagedId = text(form, 'stagedId');
  const stagedFormat = text(form, 'stagedFormat');
  const staged: StagedRef | null =
    stagedId && (stagedFormat === 'markdown' || stagedFormat === 'html' || stagedFormat === 'docx')
      ? {
          id: stagedId,
          fileName: text(form, 'stagedName'),
          format: stagedFormat,
          paste: text(form, 'stagedPaste'),
          settings: text(form, 'stagedSettings'),
        }
      : null;
  // A paste refilled unchanged is what was staged; a newly chosen file never is.
  const unchanged = staged !== null && (file === null || (paste !== '' && paste === staged.paste));

  const storyText = [...new Set(form.getAll('storyText').map((v) => Number.parseInt(String(v), 10)))]
    .filter((n) => Number.isInteger(n) && n > 0)
    .slice(0, 200);
  const settings: UploadSettings = {};
  if (convention === 'directives' || convention === 'markers') settings.convention = convention;
  if (convention === 'style') {
    settings.convention = 'style';
    const mapping: NonNullable<Upload['styleMapping']> = {};
    if (styleMapping.bold) mapping.bold = styleMapping.bold;
    if (styleMapping.italic) mapping.italic = styleMapping.italic;
    if (styleMapping.plain) mapping.plain = styleMapping.plain;
    settings.styleMapping = mapping;
  }
  // "Save with this mapping": the convention the author's note declared, as the preview proposed it.
  const accept = text(form, 'accept');
  if (accept === 'markers') {
    settings.convention = 'markers';
    delete settings.styleMapping;
  } else if (accept.startsWith('style|')) {
    const mapping: NonNullable<Upload['styleMapping']> = {};
    for (const pair of accept.split('|').slice(1)) {
      const [k, v] = pair.split('=');
      if ((k === 'bold' || k === 'italic' || k === 'plain') && v) mapping[k] = v;
    }
    settings.convention = 'style';
    settings.styleMapping = mapping;
  }
  if (accept === 'markers' || accept.startsWith('style|')) {
    // The form refills with the accepted convention, so a later Save uses it too.
    values.convention = settings.convention ?? '';
    values.styleBold = settings.styleMapping?.bold ?? '';
    values.styleItalic = settings.styleMapping?.italic ?? '';
    values.stylePlain = settings.styleMapping?.plain ?? '';
  }
  if (storyText.length) settings.storyText = storyText;
  const upload: Upload | null = file ? { source: file.source, format: file.format, ...settings } : null;
  const sameSettings = staged !== null && staged.settings === settingsDigest(settings);
  return { upload, file, settings, staged, unchanged, sameSettings, paste, values, storyText };
}

/** What the form keeps after a preview: the staged upload's id and name, and the paste's digest. */
export function stagedRef(
  staged: { stagedId: string; fileName: string; format: Upload['format'] },
  read: UploadForm,
): StagedRef {
  return {
    id: staged.stagedId,
    fileName: staged.fileName,
    format: staged.format,
    paste: read.file ? read.paste : (read.staged?.paste ?? ''),
    settings: settingsDigest(read.settings),
  };
}

function settingsDigest(settings: UploadSettings): string {
  const m = settings.styleMapping;
  const canonical = JSON.stringify([
    settings.convention ?? '',
    m ? [m.bold ?? '', m.italic ?? '', m.plain ?? ''] : null,
    [...(settings.storyText ?? [])].sort((a, b) => a - b),
  ]);
  return digest('settings', canonical);
}
