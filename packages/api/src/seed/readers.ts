// The demo's other readers and their last two weeks with "The Lighthouse Ledger", so the
// author's dashboard has something to show on a fresh install: reads that thin out from chapter
// to chapter, re-reads, yays and nays, and comments of every type on both POVs' passages.
//
// Times are days (and hours) before the seed runs. The chapters go out 15, 10 and 5 days before
// it, so every read, comment and review below comes after its chapter was published.
//
// What the browser tests rely on is left alone: nothing here touches chapter 3's comments or
// reviews, nor the chapter-1 passages `reader` commented on, and every chapter-1 passage gets
// either none or two of these comments (the reading test counts the "1 comment" margins, and
// the dashboard test expects its two new comments on the first passage to be the busiest).

/** Days before the seed that each chapter (by index) is published; the story goes out with chapter 1. */
export const PUBLISHED_DAYS_AGO = [15, 10, 5] as const;

/** Extra reader accounts (signed up like `reader`, with the demo password). */
export const READERS: { username: string; displayName: string }[] = [
  { username: 'tidewatcher', displayName: 'Tide Watcher' },
  { username: 'paperboats', displayName: 'Paper Boats' },
  { username: 'nell_reads', displayName: 'Nell' },
  { username: 'quietkeeper', displayName: 'Sam Keeper' },
  { username: 'fogbound', displayName: 'Fogbound' },
  { username: 'marisol_t', displayName: 'Marisol T.' },
  { username: 'bookish_owen', displayName: 'Owen' },
  { username: 'red_ink', displayName: 'Red Ink' },
];

/** When. `hours` moves it earlier within the day, so events of one day keep their order. */
export interface When {
  daysAgo: number;
  hours?: number;
}

/**
 * Reads: who opened which chapter (index) when. 9 readers of chapter 1 (including `reader`),
 * 7 of them went on to chapter 2 and 5 to chapter 3; two re-reads a few days later count again.
 */
export const READS: ({ username: string; chapter: number } & When)[] = [
  { username: 'tidewatcher', chapter: 0, daysAgo: 14, hours: 3 },
  { username: 'paperboats', chapter: 0, daysAgo: 13, hours: 8 },
  { username: 'nell_reads', chapter: 0, daysAgo: 12, hours: 2 },
  { username: 'quietkeeper', chapter: 0, daysAgo: 11, hours: 6 },
  { username: 'fogbound', chapter: 0, daysAgo: 9, hours: 4 },
  { username: 'marisol_t', chapter: 0, daysAgo: 8, hours: 7 },
  { username: 'bookish_owen', chapter: 0, daysAgo: 6, hours: 1 },
  { username: 'red_ink', chapter: 0, daysAgo: 4, hours: 9 },
  { username: 'reader', chapter: 0, daysAgo: 3, hours: 5 },
  { username: 'tidewatcher', chapter: 0, daysAgo: 2, hours: 10 },

  { username: 'tidewatcher', chapter: 1, daysAgo: 9, hours: 9 },
  { username: 'paperboats', chapter: 1, daysAgo: 9, hours: 2 },
  { username: 'nell_reads', chapter: 1, daysAgo: 8, hours: 3 },
  { username: 'quietkeeper', chapter: 1, daysAgo: 7, hours: 5 },
  { username: 'fogbound', chapter: 1, daysAgo: 6, hours: 6 },
  { username: 'marisol_t', chapter: 1, daysAgo: 5, hours: 8 },
  { username: 'reader', chapter: 1, daysAgo: 2, hours: 4 },
  { username: 'marisol_t', chapter: 1, daysAgo: 1, hours: 7 },

  { username: 'tidewatcher', chapter: 2, daysAgo: 4, hours: 4 },
  { username: 'paperboats', chapter: 2, daysAgo: 3, hours: 9 },
  { username: 'nell_reads', chapter: 2, daysAgo: 3, hours: 1 },
  { username: 'quietkeeper', chapter: 2, daysAgo: 2, hours: 6 },
  { username: 'reader', chapter: 2, daysAgo: 1, hours: 3 },
];

/**
 * Inline comments by the extra readers, each a little after its author read the chapter. Only
 * chapters 1 and 2 (indexes 0 and 1); `quote` must occur in exactly one passage of the chapter.
 */
export const READER_COMMENTS: ({
  username: string;
  chapter: 0 | 1;
  quote: string;
  body: string;
  type: 'reaction' | 'critique' | 'typo';
} & When)[] = [
  // Chapter 1, Mark: "The ledger lay where he had left it…" and "Mark read it three times…".
  {
    username: 'tidewatcher',
    chapter: 0,
    daysAgo: 14,
    hours: 2,
    quote: 'they looked at it once a year',
    body: 'Ha, the whole job in one line.',
    type: 'reaction',
  },
  {
    username: 'nell_reads',
    chapter: 0,
    daysAgo: 12,
    hours: 1,
    quote: 'the colour of her lights',
    body: 'Typo: colour → color?',
    type: 'typo',
  },
  {
    username: 'paperboats',
    chapter: 0,
    daysAgo: 13,
    hours: 7,
    quote: "which was today's",
    body: 'Chills.',
    type: 'reaction',
  },
  {
    username: 'quietkeeper',
    chapter: 0,
    daysAgo: 11,
    hours: 5,
    quote: 'which said a quarter past nine',
    body: 'I had to reread this to see that the entry is for four in the morning, hours ahead. Maybe make the gap explicit?',
    type: 'critique',
  },
  // Chapter 1, Lexie: "She read it standing at the counter…" and "She sat for a long while…".
  {
    username: 'fogbound',
    chapter: 0,
    daysAgo: 9,
    hours: 3,
    quote: 'Mark Ellery had never written more than a requisition in his life.',
    body: 'Four pages! From him!',
    type: 'reaction',
  },
  {
    username: 'marisol_t',
    chapter: 0,
    daysAgo: 8,
    hours: 6,
    quote: 'This was four pages',
    body: 'I’d love a line or two of what is actually in those four pages.',
    type: 'critique',
  },
  {
    username: 'red_ink',
    chapter: 0,
    daysAgo: 4,
    hours: 8,
    quote: 'Then she took a fresh sheet and wrote',
    body: 'Straight on to the next chapter after this.',
    type: 'reaction',
  },
  {
    username: 'bookish_owen',
    chapter: 0,
    daysAgo: 6,
    hours: 0,
    quote: 'side by side',
    body: 'Typo? “side-by-side”',
    type: 'typo',
  },

  // Chapter 2, Lexie.
  {
    username: 'nell_reads',
    chapter: 1,
    daysAgo: 8,
    hours: 2,
    quote: 'By the third Thursday Lexie had a system.',
    body: 'Of course she has a system.',
    type: 'reaction',
  },
  {
    username: 'tidewatcher',
    chapter: 1,
    daysAgo: 9,
    hours: 8,
    quote: 'It was the kind of thing people said about Mark when they said anything at all.',
    body: 'Oof. Poor Mark.',
    type: 'reaction',
  },
  {
    username: 'fogbound',
    chapter: 1,
    daysAgo: 6,
    hours: 5,
    quote: 'nobody but Lexie saw her go',
    body: 'Does she tell anyone? I wanted a beat of her deciding not to.',
    type: 'critique',
  },
  // Chapter 2, Mark.
  {
    username: 'nell_reads',
    chapter: 1,
    daysAgo: 8,
    hours: 1,
    quote: 'Customs want to know how you knew',
    body: 'Typo: “Customs wants”?',
    type: 'typo',
  },
  {
    username: 'quietkeeper',
    chapter: 1,
    daysAgo: 7,
    hours: 4,
    quote: 'the way people on the mainland looked at a man who had lived alone on a rock for six years',
    body: 'This is the second time we are told how the mainland sees him; once was enough for me.',
    type: 'critique',
  },
  {
    username: 'marisol_t',
    chapter: 1,
    daysAgo: 5,
    hours: 7,
    quote: 'the cap on, and that it made no difference',
    body: 'The cap on! I love him.',
    type: 'reaction',
  },
];

/** Reviews by the extra readers, of chapters 1 and 2 only, after reading them. */
export const READER_REVIEWS: ({
  username: string;
  chapter: 0 | 1;
  verdict: 'yay' | 'nay';
  pacing?: number;
  characters?: number;
  povClarity?: number;
  prose?: number;
  body: string;
} & When)[] = [
  {
    username: 'tidewatcher',
    chapter: 0,
    daysAgo: 14,
    hours: 1,
    verdict: 'yay',
    pacing: 5,
    characters: 4,
    povClarity: 5,
    prose: 5,
    body: 'The ledger entry in someone else’s hand is such a clean hook. Read it twice.',
  },
  {
    username: 'paperboats',
    chapter: 0,
    daysAgo: 13,
    hours: 6,
    verdict: 'yay',
    pacing: 4,
    characters: 4,
    povClarity: 4,
    body: 'Quiet and very good. Who is writing in the ledger?',
  },
  {
    username: 'quietkeeper',
    chapter: 0,
    daysAgo: 11,
    hours: 4,
    verdict: 'nay',
    pacing: 2,
    characters: 4,
    povClarity: 3,
    prose: 4,
    body: 'Lovely writing, but the first half moved slowly for me; I nearly stopped before the ledger.',
  },
  {
    username: 'red_ink',
    chapter: 0,
    daysAgo: 4,
    hours: 7,
    verdict: 'nay',
    pacing: 3,
    povClarity: 2,
    body: 'I lost track of whose section I was in when it switched to Lexie.',
  },
  {
    username: 'tidewatcher',
    chapter: 1,
    daysAgo: 9,
    hours: 7,
    verdict: 'yay',
    pacing: 5,
    characters: 5,
    prose: 4,
    body: 'The Wren going out without lights: I actually gasped.',
  },
  {
    username: 'nell_reads',
    chapter: 1,
    daysAgo: 8,
    hours: 0,
    verdict: 'yay',
    characters: 5,
    prose: 4,
    body: 'Their letters are the best part of this.',
  },
  {
    username: 'fogbound',
    chapter: 1,
    daysAgo: 6,
    hours: 4,
    verdict: 'nay',
    pacing: 3,
    characters: 3,
    povClarity: 4,
    body: 'The middle dragged a little with the red-ink checking, though the Wren scene makes up for it.',
  },
];
