// What the in-process API returns to server loads. RouterOutputs describes the JSON wire format
// (dates as strings); loads call the router directly and SvelteKit keeps Dates, so we infer
// from the caller instead.
import type { createCaller } from '@margins/api';

type Caller = ReturnType<typeof createCaller>;

export type StorySummary = Awaited<ReturnType<Caller['story']['browse']>>['stories'][number];
export type StoryDetail = Awaited<ReturnType<Caller['story']['bySlug']>>;
export type ReaderChapter = Awaited<ReturnType<Caller['reading']['chapter']>>;
export type ReaderSegment = ReaderChapter['segments'][number];
export type TocEntry = Awaited<ReturnType<Caller['reading']['toc']>>['chapters'][number];
