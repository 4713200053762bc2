// A story as an EPUB 3 file, built by hand with a zip library: the format is a zip with a fixed
// layout (mimetype first and uncompressed, META-INF/container.xml, an OPF package document with
// metadata, manifest and spine, an XHTML navigation document, one XHTML file per chapter).
// Each POV segment is a labelled <section> with the character's name as a visible heading,
// so the POV reads without colour. Passage HTML is sanitised already; everything else is escaped.
import { strToU8, zipSync, type Zippable } from 'fflate';
import { COMPLETION_LABELS, RATING_LABELS, WARNING_LABELS, languageName } from '../../story-meta';
import type { SegmentView } from '../chapter/revision-segments';
import type { ExportStory } from './exportable';
import { escapeXml, passageHtmlToXhtml } from './xml';

const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const EPUB_NS = 'http://www.idpf.org/2007/ops';

const chapterFile = (n: number) => `chapter-${String(n).padStart(3, '0')}.xhtml`;
/** EPUB wants dcterms:modified as CCYY-MM-DDThh:mm:ssZ, without milliseconds. */
const modified = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

function page(title: string, body: string, language: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE html>
<html xmlns="${XHTML_NS}" xmlns:epub="${EPUB_NS}" xml:lang="${language}" lang="${language}">
<head>
<meta charset="UTF-8" />
<title>${escapeXml(title)}</title>
<link rel="stylesheet" type="text/css" href="style.css" />
</head>
<body>
${body}
</body>
</html>
`;
}

/** A chapter's summary and notes, set apart from the text as the archives do (plain text, one <p> per paragraph). */
function notesXhtml(notes: ExportStory['chapters'][number]['notes'], where: 'before' | 'after'): string {
  const paras = (text: string) =>
    text
      .split(/\n{2,}/)
      .map((p) => `<p>${escapeXml(p).replace(/\n/g, '<br/>')}</p>`)
      .join('');
  const block = (label: string, cls: string, text: string) =>
    text ? `<aside class="${cls}" epub:type="note"><h2>${label}</h2>${paras(text)}</aside>` : '';
  return where === 'before'
    ? block('Summary', 'chapter-summary', notes.summary) + block('Notes', 'chapter-notes', notes.notesBefore)
    : block('Notes', 'chapter-notes end-notes', notes.notesAfter);
}

function segmentXhtml(segment: SegmentView, id: string): string {
  const passages = segment.passages
    .map((p) => (p.kind === 'break' ? '<hr class="scene-break" />' : `<p>${passageHtmlToXhtml(p.html)}</p>`))
    .join('\n');
  if (!segment.pov) return `<section class="pov pov-none">\n${passages}\n</section>`;
  const name = escapeXml(segment.pov.name);
  return `<section class="pov" aria-labelledby="${id}">
<p class="pov-label" id="${id}"><span class="pov-swatch" style="border-color:${escapeXml(segment.pov.color)}"></span>${name}</p>
${passages}
</section>`;
}

export interface EpubOptions {
  story: ExportStory;
  segments: Map<string, SegmentView[]>;
  now: Date;
  /** Where the story lives online, for the identifier and the title page. */
  url?: string;
  /**
   * The "<Name>'s story only" edition: `story` and `segments` hold only that character's
   * sections; chapter headings say which chapter each comes from.
   */
  pov?: { name: string };
}

/** The archives' header of a work: rating, warnings, language, status, chapters, words. */
function metaBlock(story: ExportStory, words: number): string {
  const rows: [string, string][] = [
    ['Rating', RATING_LABELS[story.rating]],
    ['Archive warnings', story.warnings.map((w) => WARNING_LABELS[w]).join(', ')],
    ['Language', languageName(story.language)],
    ['Status', COMPLETION_LABELS[story.completion]],
    ['Chapters', story.chapterProgress],
    ['Words', new Intl.NumberFormat('en').format(words)],
  ];
  const items = rows.map(([k, v]) => `<dt>${escapeXml(k)}</dt><dd>${escapeXml(v)}</dd>`);
  return `<dl class="work-meta">\n${items.join('\n')}\n</dl>`;
}

export function buildEpub(options: EpubOptions): Uint8Array {
  const { story, segments, now, url, pov } = options;
  const language = escapeXml(story.language);
  const authors = story.authors.map((a) => a.displayName ?? a.username);
  const files: Zippable = {};
  const bookTitle = pov ? `${story.title}: ${pov.name}’s story` : story.title;
  const words = pov
    ? [...segments.values()].flat().reduce((n, s) => n + s.wordCount, 0)
    : story.chapters.reduce((n, c) => n + c.revision.wordCount, 0);

  const titleBody = `<section epub:type="titlepage" class="title-page">
<h1>${escapeXml(story.title)}</h1>
${pov ? `<p class="edition">${escapeXml(`${pov.name}’s story only: every ${pov.name} section of every published chapter, in order.`)}</p>` : ''}
${authors.length ? `<p class="authors">by ${escapeXml(authors.join(', '))}</p>` : ''}
${metaBlock(story, words)}
${
  story.summary
    ? story.summary
        .split(/\n{2,}/)
        .map((p) => `<p class="summary">${escapeXml(p)}</p>`)
        .join('\n')
    : ''
}
${story.characters.length ? `<h2>Points of view</h2>\n<ul>\n${story.characters.map((c) => `<li>${escapeXml(c.name)}</li>`).join('\n')}\n</ul>` : ''}
${url ? `<p class="source">Read and comment online: ${escapeXml(url)}</p>` : ''}
</section>`;
  files['OEBPS/title.xhtml'] = strToU8(page(bookTitle, titleBody, language));

  // In one character's edition chapters keep their numbers, so each section says where it is from.
  const headingOf = (c: ExportStory['chapters'][number]) =>
    pov ? `Chapter ${c.number}: ${c.title}` : c.title;
  for (const chapter of story.chapters) {
    const segs = segments.get(chapter.id) ?? [];
    const body = `<section epub:type="chapter" aria-labelledby="ch${chapter.number}">
<h1 id="ch${chapter.number}">${escapeXml(headingOf(chapter))}</h1>
${pov ? '' : notesXhtml(chapter.notes, 'before')}
${segs.map((s, i) => segmentXhtml(s, `ch${chapter.number}-pov${i + 1}`)).join('\n')}
${pov ? '' : notesXhtml(chapter.notes, 'after')}
</section>`;
    files[`OEBPS/${chapterFile(chapter.number)}`] = strToU8(page(headingOf(chapter), body, language));
  }

  const navItems = story.chapters
    .map((c) => `<li><a href="${chapterFile(c.number)}">${escapeXml(headingOf(c))}</a></li>`)
    .join('\n');
  const nav = `<nav epub:type="toc" id="toc">
<h1>Contents</h1>
<ol>
<li><a href="title.xhtml">${escapeXml(bookTitle)}</a></li>
${navItems}
</ol>
</nav>`;
  files['OEBPS/nav.xhtml'] = strToU8(page('Contents', nav, language));
  files['OEBPS/style.css'] = strToU8(STYLE);

  const identifier = `urn:margins:story:${story.id}${pov ? `:pov:${encodeURIComponent(pov.name)}` : ''}`;
  const manifest = [
    '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>',
    '<item id="style" href="style.css" media-type="text/css"/>',
    '<item id="title" href="title.xhtml" media-type="application/xhtml+xml"/>',
    ...story.chapters.map(
      (c) => `<item id="ch${c.number}" href="${chapterFile(c.number)}" media-type="application/xhtml+xml"/>`,
    ),
  ];
  const spine = [
    '<itemref idref="title"/>',
    ...story.chapters.map((c) => `<itemref idref="ch${c.number}"/>`),
  ];
  // As the archives' own downloads do: the rating and the warnings are subjects beside the tags.
  const subjects = [
    RATING_LABELS[story.rating],
    ...story.warnings.map((w) => WARNING_LABELS[w]),
    ...Object.values(story.tags).flat(),
  ];
  const opf = `<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${language}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="book-id">${escapeXml(identifier)}</dc:identifier>
<dc:title>${escapeXml(bookTitle)}</dc:title>
<dc:language>${language}</dc:language>
${authors.map((a, i) => `<dc:creator id="author-${i + 1}">${escapeXml(a)}</dc:creator>`).join('\n')}
${story.summary ? `<dc:description>${escapeXml(story.summary)}</dc:description>` : ''}
${subjects.map((s) => `<dc:subject>${escapeXml(s)}</dc:subject>`).join('\n')}
<dc:publisher>Margins</dc:publisher>
${story.publishedAt ? `<dc:date>${modified(story.publishedAt)}</dc:date>` : ''}
<meta property="dcterms:modified">${modified(now)}</meta>
</metadata>
<manifest>
${manifest.join('\n')}
</manifest>
<spine>
${spine.join('\n')}
</spine>
</package>
`;
  files['OEBPS/content.opf'] = strToU8(opf);
  files['META-INF/container.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles>
<rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
`);

  // The OCF rule readers check first: `mimetype` is the first entry, stored (not deflated),
  // with no extra field. fflate writes entries in insertion order, so it goes in first.
  return zipSync(
    { mimetype: [strToU8('application/epub+zip'), { level: 0 }], ...files },
    { level: 6, mtime: now },
  );
}

const STYLE = `body { font-family: serif; line-height: 1.5; margin: 0 1em; }
h1 { font-size: 1.6em; margin: 1em 0 0.75em; }
p { margin: 0 0 0.6em; text-indent: 0; }
.pov { margin: 0 0 1em; }
.pov-label { font-family: sans-serif; font-size: 0.85em; font-weight: bold; letter-spacing: 0.03em; text-transform: uppercase; margin: 1.2em 0 0.4em; }
.pov-swatch { display: inline-block; width: 0.8em; height: 0.8em; border-left: 0.8em solid; margin-right: 0.4em; vertical-align: baseline; }
hr.scene-break { border: 0; text-align: center; margin: 1.2em 0; }
hr.scene-break::after { content: "* * *"; }
.title-page { text-align: center; margin-top: 3em; }
.summary { font-style: italic; }
.chapter-summary, .chapter-notes { border-left: 3px solid #999; padding-left: 0.8em; margin: 1em 0; font-size: 0.95em; }
.chapter-summary h2, .chapter-notes h2 { font-size: 1em; margin: 0 0 0.3em; }
.edition { font-style: italic; }
.work-meta { text-align: left; font-family: sans-serif; font-size: 0.9em; margin: 1.5em auto; max-width: 30em; }
.work-meta dt { font-weight: bold; margin-top: 0.4em; }
.work-meta dd { margin: 0 0 0 1.5em; }
`;
