// What the in-process API returns to server loads. RouterOutputs describes the JSON wire format
// (dates as strings); loads call the router directly and SvelteKit keeps Dates, so we infer
// from the caller instead.
import type { createCaller } from '@margins/api';

type Caller = ReturnType<typeof createCaller>;

export type StorySummary = Awaited<ReturnType<Caller['story']['browse']>>['stories'][number];
export type SearchHit = Awaited<ReturnType<Caller['story']['find']>>['hits'][number];
export type StoryDetail = Awaited<ReturnType<Caller['story']['bySlug']>>;
type ApiChapter = Awaited<ReturnType<Caller['reading']['chapter']>>;
type ApiSegment = ApiChapter['segments'][number];
/** What the reading components need of a segment: the passages' HTML, not their plain text. */
export type ReaderSegment = Omit<ApiSegment, 'passages'> & { passages: Omit<ApiSegment['passages'][number], 'text'>[] };
export type ReaderChapter = Omit<ApiChapter, 'segments'> & { segments: ReaderSegment[] };
export type TocEntry = Awaited<ReturnType<Caller['reading']['toc']>>['chapters'][number];
