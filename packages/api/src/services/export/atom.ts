// The Atom feed of a public story: its published chapters, newest first. Built from the same
// table of contents an anonymous reader gets, so a draft or a private story never leaks.
import type { Database } from '@margins/db';
import { notFound } from '../../errors';
import { isStoryPublic } from '../access';
import { tableOfContents } from '../reading/table-of-contents';
import { escapeXml } from './xml';

export interface StoryFeed {
  story: { id: string; slug: string; title: string; summary: string; updated: Date; authors: string[] };
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
    },
    entries,
  };
}

/** The feed as Atom XML; `origin` is the site's public origin, e.g. https://margins.example. */
export function renderAtomFeed(feed: StoryFeed, origin: string): string {
  const base = origin.replace(/\/+$/, '');
  const storyUrl = `${base}/s/${encodeURIComponent(feed.story.slug)}`;
  const entries = feed.entries.map((e) => {
    const povs = e.povs.length ? ` Point of view: ${e.povs.join(', ')}.` : '';
    return `  <entry>
    <id>urn:margins:chapter:${escapeXml(e.id)}</id>
    <title>${escapeXml(`Chapter ${e.number}: ${e.title}`)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(`${storyUrl}/${e.number}`)}"/>
    <published>${e.published.toISOString()}</published>
    <updated>${e.published.toISOString()}</updated>
    <summary>${escapeXml(`${e.wordCount} words.${povs}`)}</summary>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:margins:story:${escapeXml(feed.story.id)}</id>
  <title>${escapeXml(feed.story.title)}</title>
${feed.story.summary ? `  <subtitle>${escapeXml(feed.story.summary)}</subtitle>\n` : ''}  <updated>${feed.story.updated.toISOString()}</updated>
${feed.story.authors.map((a) => `  <author><name>${escapeXml(a)}</name></author>`).join('\n')}
  <link rel="alternate" type="text/html" href="${escapeXml(storyUrl)}"/>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${storyUrl}/feed.xml`)}"/>
  <generator>Margins</generator>
${entries.join('\n')}
</feed>
`;
}
