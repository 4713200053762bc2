// What the API returns to server loads (in-process) and to the browser (over /api/trpc, superjson):
// one set of types, Dates included, inferred from the router.
import type { RouterOutputs } from '$lib/trpc';

export type StorySummary = RouterOutputs['story']['browse']['stories'][number];
export type SearchHit = RouterOutputs['story']['find']['hits'][number];
export type StoryDetail = RouterOutputs['story']['bySlug'];
type ApiChapter = RouterOutputs['reading']['chapter'];
type ApiSegment = ApiChapter['segments'][number];
/** What the reading components need of a segment: the passages' HTML, not their plain text. */
export type ReaderSegment = Omit<ApiSegment, 'passages'> & {
  passages: Omit<ApiSegment['passages'][number], 'text'>[];
};
export type ReaderChapter = Omit<ApiChapter, 'segments'> & { segments: ReaderSegment[] };
export type TocEntry = RouterOutputs['reading']['toc']['chapters'][number];
