// Export and import: Markdown that imports back to the same segments, an EPUB that passes the
// structural checks a reader makes, and the Atom feed of a public story.
import type { Database } from '@margins/db';
import { openTestDatabase } from '@margins/db/test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderAtomFeed } from '../src/services/export/atom';
import { harness, storyFixture, trpcError, type Harness, type StoryFixture } from './helpers';

let db: Database;
let h: Harness;
let fx: StoryFixture;
beforeAll(async () => {
  db = await openTestDatabase();
  h = await harness(db);
  fx = await storyFixture(h, 'public');
  const owner = h.caller(fx.users.owner);
  await owner.story.setTags({
    storyId: fx.storyId,
    fandom: ['Original Work'],
    freeform: ['Lighthouses & <Ledgers>'],
  });
  // A chapter with what tends to break exports: formats, links, a hard line break, markup-like
  // text, an unattributed opening, scene breaks, and a title that needs escaping.
  const source = [
    'An unattributed opening with a [link](https://example.com/?a=1&b=2).',
    '',
    '::: pov Mark',
    'Mark read *slowly*, **carefully**, ~~never~~ `quickly` — and wrote "<b>&amp;</b>".\\',
    'A second line of the same paragraph.',
    '',
    '***',
    '',
    '# not a heading: 1. not a list',
    ':::',
    '',
    '::: pov Lexie',
    'Lexie said: ::: pov Mark is how you write it.',
    ':::',
    '',
  ].join('\n');
  const three = await owner.chapter.create({
    storyId: fx.storyId,
    title: 'Three & <Four> "quoted"',
    upload: { source, format: 'markdown' },
  });
  await owner.chapter.publish({ chapterId: three.chapterId });
});
afterAll(async () => {
  await db?.close();
});

/** Segments of every chapter of a story as comparable data: POV, and each passage's kind, text and HTML. */
async function segmentsOf(storySlug: string, userId: string) {
  const caller = h.caller(
    await db.prisma.user.findUniqueOrThrow({
      where: { id: userId },
      select: { id: true, username: true, displayName: true },
    }),
  );
  const { chapters } = await caller.reading.toc({ slug: storySlug });
  const out = [];
  for (const c of chapters) {
    const editing = await caller.chapter.get({ chapterId: c.id });
    out.push({
      title: c.title,
      segments: editing.segments.map((s) => ({
        pov: s.pov?.name ?? null,
        passages: s.passages.map((p) => ({ kind: p.kind, text: p.text, html: p.html })),
      })),
    });
  }
  return out;
}

describe('Markdown export', () => {
  it('round-trips: export → import into a new story gives the same segments, POVs and passages', async () => {
    const owner = h.caller(fx.users.owner);
    const { markdown, filename } = await owner.export.markdown({ slug: fx.slug });
    expect(filename).toBe(`${fx.slug}.md`);
    expect(markdown).toMatch(/^---\nmargins: 1\ntitle: "Fixture [^"]+"\n/);
    expect(markdown).toContain('# Three & <Four> "quoted"\n');

    const importer = await h.user('importer');
    const imported = await h.caller(importer).story.import({ markdown });
    expect(imported.chapters).toBe(3);
    const original = await segmentsOf(fx.slug, fx.users.owner.id);
    const copy = await segmentsOf(imported.slug, importer.id);
    expect(copy).toEqual(original);
    expect(original[2]!.segments.map((s) => s.pov)).toEqual([null, 'Mark', 'Lexie']);

    const story = await h.caller(importer).story.bySlug({ slug: imported.slug });
    expect(story.tags.freeform).toEqual(['Lighthouses & <Ledgers>']);
    expect(story.povCharacters.map((c) => [c.name, c.color])).toEqual([
      ['Mark', '#1f6feb'],
      ['Lexie', '#b35900'],
      ['Nobody', '#6e7781'],
    ]);
    // And exporting the copy gives the same chapters, byte for byte.
    const again = await h.caller(importer).export.markdown({ slug: imported.slug });
    const body = (s: string) => s.slice(s.indexOf('\n---\n', 4));
    expect(body(again.markdown)).toBe(body(markdown));
  });

  it('exports only what the caller can read: drafts for members, live chapters for readers', async () => {
    const asReader = await h.caller(fx.users.reader).export.markdown({ slug: fx.slug });
    expect(asReader.chapters).toBe(2);
    expect(asReader.markdown).not.toContain('# Two\n');
    const asMember = await h.caller(fx.users.beta).export.markdown({ slug: fx.slug });
    expect(asMember.markdown).toContain('# Two\n');
    const one = await h.caller(null).export.chapter({ slug: fx.slug, number: 1 });
    expect(one.markup).toContain('Mark opens the ledger.');
    expect((await trpcError(h.caller(null).export.chapter({ slug: fx.slug, number: 3 }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('reports a broken file with its line numbers and creates nothing', async () => {
    const user = await h.user('broken');
    const markdown =
      '---\ntitle: "Broken"\ncharacters: [{"name":"Mark","color":"#1f6feb","aliases":[]}]\n---\n\n# One\n\n::: pov Mark\nFine.\n:::\n\n# Two\n\n::: pov Stranger\nWho?\n:::\n';
    const error = await trpcError(h.caller(user).story.import({ markdown }));
    expect(error.code).toBe('BAD_REQUEST');
    const problems = (
      error.cause as unknown as { details: { problems: { line: number; message: string }[] } }
    ).details.problems;
    expect(problems[0]).toMatchObject({ line: 14 }); // the `::: pov Stranger` line of the file
    expect(problems[0]!.message).toContain('Two');
    expect(await h.caller(user).story.mine()).toEqual([]);
  });
});

describe('EPUB export', () => {
  it('passes the structural checks', async () => {
    const { base64, filename } = await h
      .caller(null)
      .export.epub({ slug: fx.slug, url: `https://margins.example/s/${fx.slug}` });
    expect(filename).toBe(`${fx.slug}.epub`);
    const bytes = new Uint8Array(Buffer.from(base64, 'base64'));

    // mimetype: the first local file header, stored (method 0), no extra field, exact content.
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(8, true)).toBe(0);
    const nameLength = view.getUint16(26, true);
    expect(view.getUint16(28, true)).toBe(0);
    expect(strFromU8(bytes.subarray(30, 30 + nameLength))).toBe('mimetype');
    expect(strFromU8(bytes.subarray(30 + nameLength, 30 + nameLength + 20))).toBe('application/epub+zip');

    const files = unzipSync(bytes);
    const text = (name: string) => {
      const f = files[name];
      if (!f) throw new Error(`${name} is missing from the EPUB`);
      return strFromU8(f);
    };
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
    const wellFormed = (name: string) => {
      const result = XMLValidator.validate(text(name));
      expect(result, `${name} is not well-formed XML: ${JSON.stringify(result)}`).toBe(true);
      return parser.parse(text(name));
    };

    const container = wellFormed('META-INF/container.xml');
    const opfPath = container.container.rootfiles.rootfile['@full-path'];
    expect(opfPath).toBe('OEBPS/content.opf');
    const opf = wellFormed(opfPath).package;
    expect(opf['@version']).toBe('3.0');
    const meta = opf.metadata;
    expect(meta['dc:identifier']['#text']).toBe(`urn:margins:story:${fx.storyId}`);
    expect(meta['dc:title']).toMatch(/^Fixture /);
    expect(meta['dc:language']).toBe('en');
    expect([meta['dc:creator']].flat().map((c: Record<string, string>) => c['#text'])).toEqual([
      fx.users.owner.username,
      fx.users.coauthor.username,
    ]);
    expect(meta.meta['@property']).toBe('dcterms:modified');
    expect(meta.meta['#text']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const items = [opf.manifest.item].flat() as Record<string, string>[];
    const nav = items.filter((i) => i['@properties'] === 'nav');
    expect(nav).toHaveLength(1);
    for (const item of items) expect(files[`OEBPS/${item['@href']}`], item['@href']).toBeDefined();
    const spine = [opf.spine.itemref].flat().map((r: Record<string, string>) => r['@idref']);
    expect(spine).toEqual(['title', 'ch1', 'ch2']); // readers see the two live chapters

    const navDoc = text(`OEBPS/${nav[0]!['@href']}`);
    wellFormed(`OEBPS/${nav[0]!['@href']}`);
    expect(navDoc).toContain('epub:type="toc"');
    for (const item of items.filter((i) => i['@media-type'] === 'application/xhtml+xml')) {
      const doc = wellFormed(`OEBPS/${item['@href']}`);
      expect(doc.html['@xmlns']).toBe('http://www.w3.org/1999/xhtml');
    }
    const chapter = text('OEBPS/chapter-001.xhtml');
    expect(chapter).toMatch(/<p class="pov-label" id="ch1-pov1">.*Mark<\/p>/);
    expect(chapter).toMatch(/<p class="pov-label" id="ch1-pov2">.*Lexie<\/p>/);
    expect(chapter).toContain('<hr class="scene-break" />');
  });

  it('keeps the awkward chapter well-formed, escaped and labelled', async () => {
    const { base64 } = await h.caller(fx.users.owner).export.epub({ slug: fx.slug });
    const files = unzipSync(new Uint8Array(Buffer.from(base64, 'base64')));
    const xhtml = strFromU8(files['OEBPS/chapter-003.xhtml']!);
    expect(XMLValidator.validate(xhtml)).toBe(true);
    expect(xhtml).toContain('<title>Three &amp; &lt;Four&gt; &quot;quoted&quot;</title>');
    expect(xhtml).toContain('<br />');
    expect(xhtml).toContain('&lt;b&gt;&amp;&lt;/b&gt;');
    expect(xhtml).toContain('<section class="pov pov-none">');
    expect(xhtml).not.toContain('<script');
    expect(XMLValidator.validate(strFromU8(files['OEBPS/content.opf']!))).toBe(true);
    expect(strFromU8(files['OEBPS/content.opf']!)).toContain(
      '<dc:subject>Lighthouses &amp; &lt;Ledgers&gt;</dc:subject>',
    );
  });
});

describe('Atom feed', () => {
  it('lists the published chapters of a public story, newest first, escaped', async () => {
    const feed = await h.caller(null).export.feed({ slug: fx.slug });
    expect(feed.entries.map((e) => e.title)).toEqual(['Three & <Four> "quoted"', 'One']);
    const xml = renderAtomFeed(feed, 'https://margins.example/');
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml).feed;
    expect(parsed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(parsed.updated).toMatch(/^\d{4}-\d\d-\d\dT/);
    const entries = [parsed.entry].flat();
    expect(entries.map((e: { link: Record<string, string> }) => e.link['@href'])).toEqual([
      `https://margins.example/s/${fx.slug}/2`,
      `https://margins.example/s/${fx.slug}/1`,
    ]);
    expect(xml).toContain('Chapter 2: Three &amp; &lt;Four&gt; &quot;quoted&quot;');
    expect(xml).not.toContain('Two');
  });

  it('does not exist for a private story, even for its owner', async () => {
    const hidden = await storyFixture(h, 'private');
    expect((await trpcError(h.caller(hidden.users.owner).export.feed({ slug: hidden.slug }))).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('story metadata in the exports', () => {
  let meta: StoryFixture;
  beforeAll(async () => {
    meta = await storyFixture(h, 'public');
    await h.caller(meta.users.owner).story.update({
      storyId: meta.storyId,
      rating: 'explicit',
      warnings: ['major_character_death', 'graphic_violence'],
      completion: 'in_progress',
      expectedChapters: 7,
      language: 'fr',
    });
  });
  const frontMatter = (markdown: string) =>
    markdown
      .slice(4, markdown.indexOf('\n---\n'))
      .split('\n')
      .filter((l) => !/^(source|exported|authors):/.test(l));

  it('Markdown front matter carries rating, warnings, completion, chapter plan and language, and imports back the same', async () => {
    const { markdown } = await h.caller(meta.users.owner).export.markdown({ slug: meta.slug });
    expect(markdown).toContain('\nrating: "explicit"\n');
    expect(markdown).toContain('\nwarnings: ["graphic_violence","major_character_death"]\n');
    expect(markdown).toContain('\ncompletion: "in_progress"\nexpectedChapters: 7\nlanguage: "fr"\n');

    const importer = await h.user('metaimport');
    const imported = await h.caller(importer).story.import({ markdown });
    const story = await h.caller(importer).story.bySlug({ slug: imported.slug });
    expect(story).toMatchObject({
      rating: 'explicit',
      warnings: ['graphic_violence', 'major_character_death'],
      completion: 'in_progress',
      expectedChapters: 7,
      language: 'fr',
    });
    const again = await h.caller(importer).export.markdown({ slug: imported.slug });
    expect(frontMatter(again.markdown)).toEqual(frontMatter(markdown));
  });

  it('imports labels written by hand, defaults what an older file lacks, and names the line of a bad value', async () => {
    const user = await h.user('handmeta');
    const chapter = '\n# One\n\nPlain words.\n';
    const hand = await h.caller(user).story.import({
      markdown: `---\ntitle: Hand\nrating: Teen And Up Audiences\nwarnings: ["No Archive Warnings Apply"]\ncompletion: complete\nlanguage: pt-br\n---\n${chapter}`,
    });
    expect(await h.caller(user).story.bySlug({ slug: hand.slug })).toMatchObject({
      rating: 'teen',
      warnings: ['no_warnings_apply'],
      completion: 'complete',
      language: 'pt-BR',
    });
    const old = await h.caller(user).story.import({ markdown: `---\ntitle: Old\n---\n${chapter}` });
    expect(await h.caller(user).story.bySlug({ slug: old.slug })).toMatchObject({
      rating: 'not_rated',
      warnings: ['creator_chose_not_to_use'],
      language: 'en',
    });

    const before = (await h.caller(user).story.mine()).length;
    for (const [line, expected] of [
      ['rating: "adult"', 'Unknown rating'],
      ['warnings: ["no_warnings_apply","underage"]', 'cannot be combined'],
      ['expectedChapters: 0', 'expected chapter count'],
      ['language: "Klingon please"', 'BCP 47'],
    ] as const) {
      const error = await trpcError(
        h.caller(user).story.import({ markdown: `---\ntitle: Bad\n${line}\n---\n${chapter}` }),
      );
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.message).toContain('Line 3:');
      expect(error.message).toContain(expected);
    }
    expect((await h.caller(user).story.mine()).length).toBe(before);
  });

  it('EPUB: dc:language is the story’s language, the rating and warnings are subjects, the title page has the work’s header', async () => {
    const { base64 } = await h.caller(null).export.epub({ slug: meta.slug });
    const files = unzipSync(new Uint8Array(Buffer.from(base64, 'base64')));
    const opf = strFromU8(files['OEBPS/content.opf']!);
    expect(XMLValidator.validate(opf)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(opf).package;
    expect(parsed['@xml:lang']).toBe('fr');
    expect(parsed.metadata['dc:language']).toBe('fr');
    expect([parsed.metadata['dc:subject']].flat()).toEqual(
      expect.arrayContaining(['Explicit', 'Graphic Depictions Of Violence', 'Major Character Death']),
    );
    const title = strFromU8(files['OEBPS/title.xhtml']!);
    expect(XMLValidator.validate(title)).toBe(true);
    expect(title).toContain('xml:lang="fr"');
    expect(title).toContain('<dt>Rating</dt><dd>Explicit</dd>');
    expect(title).toContain('<dt>Language</dt><dd>Français</dd>');
    expect(title).toContain('<dt>Chapters</dt><dd>1/7</dd>');
    expect(strFromU8(files['OEBPS/chapter-001.xhtml']!)).toContain('xml:lang="fr"');
  });

  it('Atom feed: the language, the rating and warnings as categories, and the work’s header in each summary', async () => {
    const xml = renderAtomFeed(
      await h.caller(null).export.feed({ slug: meta.slug }),
      'https://margins.example',
    );
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml).feed;
    expect(feed['@xml:lang']).toBe('fr');
    expect([feed.category].flat().map((c: Record<string, string>) => [c['@scheme'], c['@term']])).toEqual([
      ['urn:margins:rating', 'explicit'],
      ['urn:margins:warning', 'graphic_violence'],
      ['urn:margins:warning', 'major_character_death'],
    ]);
    expect([feed.entry].flat()[0].summary).toContain(
      'Rating: Explicit. Archive warnings: Graphic Depictions Of Violence, Major Character Death. Language: Français. Chapters: 1/7, in progress.',
    );
  });
});
