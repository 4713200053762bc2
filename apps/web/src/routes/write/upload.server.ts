// Turns the chapter upload form (file, pasted rich text or Markdown, convention, style mapping)
// into the API's upload input. Shared by the new-chapter and edit pages.
import { Buffer } from 'node:buffer';
import type { RouterInputs } from '@margins/api';
import { text } from '$lib/server/fields';

export type Upload = RouterInputs['chapter']['create']['upload'];

/** What the form sends back to itself so a preview can be saved without choosing the file again. */
export interface CarriedUpload {
  source: string;
  format: Upload['format'];
  fileName: string;
}

export type UploadForm = {
  upload: Upload | null;
  /** Paragraphs the author took back from the proposed notes (carried from preview to preview). */
  storyText: number[];
  carried: CarriedUpload | null;
  /** Everything to refill the form with (not the file itself: browsers cannot refill it). */
  values: Record<string, string>;
};

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

  let carried: CarriedUpload | null = null;
  const file = form.get('file');
  if (file instanceof File && file.size > 0) {
    const format = formatOf(file.name);
    const bytes = Buffer.from(await file.arrayBuffer());
    // .docx travels as base64; text files as UTF-8 (the parser reports bad bytes by line).
    carried = {
      source: format === 'docx' ? bytes.toString('base64') : bytes.toString('utf8'),
      format,
      fileName: file.name,
    };
  } else if (values.pasteMode !== 'text' && values.pasteHtml.trim()) {
    carried = { source: values.pasteHtml, format: 'html', fileName: '' };
  } else if (values.pasteText.trim()) {
    carried = { source: values.pasteText, format: 'markdown', fileName: '' };
  } else {
    const source = text(form, 'carriedSource');
    const format = text(form, 'carriedFormat');
    if (source && (format === 'markdown' || format === 'html' || format === 'docx')) {
      carried = { source, format, fileName: text(form, 'carriedName') };
    }
  }
  const storyText = [...new Set(form.getAll('storyText').map((v) => Number.parseInt(String(v), 10)))]
    .filter((n) => Number.isInteger(n) && n > 0)
    .slice(0, 200);
  if (!carried) return { upload: null, carried: null, values, storyText };

  const upload: Upload = { source: carried.source, format: carried.format };
  if (convention === 'directives' || convention === 'markers') upload.convention = convention;
  if (convention === 'style') {
    upload.convention = 'style';
    const mapping: NonNullable<Upload['styleMapping']> = {};
    if (styleMapping.bold) mapping.bold = styleMapping.bold;
    if (styleMapping.italic) mapping.italic = styleMapping.italic;
    if (styleMapping.plain) mapping.plain = styleMapping.plain;
    upload.styleMapping = mapping;
  }
  // "Save with this mapping": the convention the author's note declared, as the preview proposed it.
  const accept = text(form, 'accept');
  if (accept === 'markers') {
    upload.convention = 'markers';
    delete upload.styleMapping;
  } else if (accept.startsWith('style|')) {
    const mapping: NonNullable<Upload['styleMapping']> = {};
    for (const pair of accept.split('|').slice(1)) {
      const [k, v] = pair.split('=');
      if ((k === 'bold' || k === 'italic' || k === 'plain') && v) mapping[k] = v;
    }
    upload.convention = 'style';
    upload.styleMapping = mapping;
  }
  if (storyText.length) upload.storyText = storyText;
  // Only a file is carried back: pasted text is refilled in its own field already.
  return { upload, carried: carried.fileName ? carried : null, values, storyText };
}
