// The Atom feed of a public story: its published chapters, newest first. Built from the same
// table of contents an anonymous reader gets, so a draft or a private story never leaks.
import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import {
  COMPLETION_LABELS,
  RATING_LABELS,
  WARNING_LABELS,
  languageName,
  type StoryMeta,
} from '../../story-meta';
import { isStoryPublic } from '../access';
import { tableOfContents } from '../reading/table-of-contents';
import { escapeXml } from './xml';

export interface StoryFeed {
  story: StoryMeta & {
    id: string;
    slug: string;
    title: string;
    summary: string;
    updated: Date;
    authors: string[];
    /** "2/?" */
    chapterProgress: string;
    wordCount: number;
  };
  entries: {
    id: string;
    number: number;
    title: string;
    published: Date;
    povs: string[];
    wordCount: number;
  }[];
}

export async function storyFeed(options: { db: Database; slug: string; now: Date }): Promise<StoryFeed> {
  const { db, slug, now } = options;
  // Always as an anonymous reader: the feed is public by nature, whoever asks for it.
  const { story, chapters } = await tableOfContents({ db, userId: null, slug, now });
  if (!isStoryPublic(story)) throw notFound('Story');
  const entries = chapters
    .filter((c) => c.live && c.publishedAt)
    .map((c) => ({
      id: c.id,
      number: c.number,
      title: c.title,
      published: c.publishedAt as Date,
      povs: c.povs,
      wordCount: c.wordCount,
    }))
    .sort((a, b) => b.published.getTime() - a.published.getTime());
  const updated = entries[0]?.published ?? story.publishedAt ?? story.updatedAt;
  return {
    story: {
      id: story.id,
      slug: story.slug,
      title: story.title,
      summary: story.summary,
      updated,
      authors: story.authors.map((a) => a.displayName ?? a.username),
      rating: story.rating,
      warnings: story.warnings,
      completion: story.completion,
      expectedChapters: story.expectedChapters,
      language: story.language,
      chapterProgress: story.chapterProgress,
      wordCount: story.wordCount,
    },
    entries,
  };
}

/** "Rating: Mature. Archive warnings: …. Language: English. Chapters: 2/?, in progress. 12,400 words." */
function storyLine(story: StoryFeed['story']): string {
  const warnings = story.warnings.map((w) => WARNING_LABELS[w]).join(', ');
  const words = new Intl.NumberFormat('en').format(story.wordCount);
  return `Rating: ${RATING_LABELS[story.rating]}. Archive warnings: ${warnings}. Language: ${languageName(story.language)}. Chapters: ${story.chapterProgress}, ${COMPLETION_LABELS[story.completion].toLowerCase()}. ${words} words.`;
}

/** The feed as Atom XML; `origin` is the site's public origin, e.g. https://margins.example. */
export function renderAtomFeed(feed: StoryFeed, origin: string): string {
  const base = origin.replace(/\/+$/, '');
  const meta = storyLine(feed.story);
  // The rating and warnings as categories (scheme = what they are), which feed readers can filter on.
  const categories = [
    { scheme: 'urn:margins:rating', term: feed.story.rating, label: RATING_LABELS[feed.story.rating] },
    ...feed.story.warnings.map((w) => ({ scheme: 'urn:margins:warning', term: w, label: WARNING_LABELS[w] })),
  ].map(
    (c) => `  <category scheme="${c.scheme}" term="${escapeXml(c.term)}" label="${escapeXml(c.label)}"/>`,
  );
  const storyUrl = `${base}/s/${encodeURIComponent(feed.story.slug)}`;
  const entries = feed.entries.map((e) => {
    const povs = e.povs.length ? ` Point of view: ${e.povs.join(', ')}.` : '';
    return `  <entry>
    <id>urn:margins:chapter:${escapeXml(e.id)}</id>
    <title>${escapeXml(`Chapter ${e.number}: ${e.title}`)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(`${storyUrl}/${e.number}`)}"/>
    <published>${e.published.toISOString()}</published>
    <updated>${e.published.toISOString()}</updated>
    <summary>${escapeXml(`${e.wordCount} words.${povs} ${meta}`)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.story.language)}">
  <id>urn:margins:story:${escapeXml(feed.story.id)}</id>
  <title>${escapeXml(feed.story.title)}</title>
  <subtitle>${escapeXml(feed.story.summary ? `${feed.story.summary}\n\n${meta}` : meta)}</subtitle>
  <updated>${feed.story.updated.toISOString()}</updated>
${feed.story.authors.map((a) => `  <author><name>${escapeXml(a)}</name></author>`).join('\n')}
  <link rel="alternate" type="text/html" href="${escapeXml(storyUrl)}"/>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${storyUrl}/feed.xml`)}"/>
  <generator>Margins</generator>
${categories.join('\n')}
${entries.join('\n')}
</feed>
`;
}
