// Shapes of the comment and review data the chapter page works with. Server loads get them from
// the in-process caller (Dates stay Dates); the browser refetches over /api/trpc, where Dates
// arrive as ISO strings — so every date here is formatted through `new Date(…)`, never used as
// a Date directly.
import type { createCaller } from '@margins/api';

type Caller = ReturnType<typeof createCaller>;

export type CommentList = Pick<Awaited<ReturnType<Caller['comment']['list']>>, 'revision' | 'threads' | 'viewer'>;
export type CommentSummary = Awaited<ReturnType<Caller['comment']['summary']>>;
export type ThreadPage = Awaited<ReturnType<Caller['comment']['passage']>>;
export type Spans = CommentSummary['spans'];
export type Thread = CommentList['threads'][number];
export type CommentView = Thread['root'];
export type OutdatedList = Awaited<ReturnType<Caller['comment']['outdated']>>;
export type OutdatedComment = OutdatedList['comments'][number];
export type ReviewList = Awaited<ReturnType<Caller['review']['list']>>;
export type Review = ReviewList['reviews'][number];
export type CommentType = CommentView['type'];

/** What a new comment is about: a phrase (start/end in the passage's text) or a whole passage. */
export interface CommentTarget {
  passageKey: string;
  start?: number;
  end?: number;
  quote?: string;
}

export const COMMENT_TYPES: { value: CommentType; label: string; hint: string }[] = [
  { value: 'reaction', label: 'Reaction', hint: 'how it made you feel' },
  { value: 'critique', label: 'Critique', hint: 'what could be better' },
  { value: 'typo', label: 'Typo', hint: 'a mistake in the text' },
];

export const ASPECTS = [
  { name: 'pacing', label: 'Pacing' },
  { name: 'characters', label: 'Characters' },
  { name: 'povClarity', label: 'POV clarity' },
  { name: 'prose', label: 'Prose' },
] as const;

export type Aspect = (typeof ASPECTS)[number]['name'];
