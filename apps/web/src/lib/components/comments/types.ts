// Shapes of the comment and review data the chapter page works with, inferred from the router.
// Server loads get them from the in-process caller and the browser refetches over /api/trpc
// ($lib/trpc, superjson): the same types either way, Dates included.
import type { RouterOutputs } from '$lib/trpc';

type Out = RouterOutputs;

export type CommentList = Pick<Out['comment']['list'], 'revision' | 'threads' | 'viewer'>;
export type CommentSummary = Out['comment']['summary'];
export type ThreadPage = Out['comment']['passage'];
export type Spans = CommentSummary['spans'];
export type Thread = CommentList['threads'][number];
export type CommentView = Thread['root'];
export type OutdatedList = Out['comment']['outdated'];
export type OutdatedComment = OutdatedList['comments'][number];
export type ReviewList = Out['review']['list'];
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
