// "The Lighthouse Ledger": an original short story written for the Margins demo, in the
// canonical markup (`::: pov Name` … `:::`). No one else's text.

export const STORY = {
  title: 'The Lighthouse Ledger',
  summary:
    'On Gullrock the keeper writes down every ship that passes. One night the ledger starts writing down ships that have not passed yet. Mark keeps the light; Lexie keeps the harbour books; between them is a mile of cold water and a supply boat that comes on Thursdays.',
  tags: {
    fandom: ['Original Work'],
    character: ['Mark', 'Lexie'],
    relationship: ['Mark & Lexie'],
    freeform: ['Lighthouses', 'Letters', 'Quiet Mystery', 'Slow Burn'],
  },
  rating: 'teen' as const,
  warnings: ['no_warnings_apply' as const],
  expectedChapters: 5,
};

export const CHAPTERS: { title: string; markup: string }[] = [
  {
    title: 'The Hour Before',
    markup: `::: pov Mark
The lamp on Gullrock took forty minutes to light properly, and Mark had stopped minding them years ago. He trimmed the wicks, polished the brass until it showed him a narrow, tired face, and climbed down to the watch room with his hands still smelling of paraffin.

The ledger lay where he had left it, open on the table under the window. Every ship that passed the rock went into it: the hour, the name if he could read it, the colour of her lights, the weather. It was the only part of the work anyone on the mainland ever looked at, and they looked at it once a year.

He sat, uncapped his pen, and stopped.

The line below his last entry was already filled. *04:10 — the Marguerite Hale, schooner, inbound, green over white. Wind north-east, rising.* The hand was small and slanted, nothing like his own square letters. The ink was dry.

Mark read it three times. Then he looked at the clock, which said a quarter past nine, and at the date at the top of the page, which was today's.

***

He did not sleep. At four he stood on the gallery with the glass, the wind coming round to the north-east exactly as promised, and at ten past the hour a green light over a white one came out of the dark and went by him into the bay.
:::

::: pov Lexie
The supply boat brought three crates of tinned milk, a sack of flour, and a letter addressed to *The Clerk, Harbour Office*, which was Lexie, because nobody else in the office could read the keeper's writing.

She read it standing at the counter, then sat down to read it again. Mark Ellery had never written more than a requisition in his life. This was four pages, and on the last of them he had copied out a line from his ledger, word for word, with the time he had copied it at: *written before the ship was seen.*

Lexie pulled the arrivals book towards her and turned to Tuesday. The *Marguerite Hale*, schooner, entered harbour at a quarter to five in the morning. Wind north-east.

She sat for a long while with the two pages side by side. Then she took a fresh sheet and wrote, *Mr Ellery — what does it say for tomorrow?*
:::
`,
  },
  {
    title: 'Ships That Have Not Come',
    markup: `::: pov Lexie
By the third Thursday Lexie had a system. Mark sent a copy of every line the ledger wrote on its own, with the hour he found it. She checked each against the arrivals book and marked it in red: *came*, *came late*, *did not come*. There were eleven lines. Every one said *came*.

Mr Pardoe, the harbourmaster, asked her why she was smiling at the post. She told him the keeper had a good eye for rigging. It was not a lie, exactly. It was the kind of thing people said about Mark when they said anything at all.

The twelfth line was different. *Saturday, 22:40 — the Wren, lugger, outbound. No lights.*

Lexie went down to the quay that evening and found the *Wren* tied up and dark, her owner drinking in the Anchor with no plans to go anywhere until Monday. She wrote it down in red, *will not come*, and then, because she was careful, she crossed out *will not* and wrote *has not yet*.

***

On Saturday at half past ten she was on the harbour wall with her coat buttoned to the chin. At twenty to eleven the *Wren* slipped her lines without a lamp lit and went out past the light on Gullrock, and nobody but Lexie saw her go.
:::

::: pov Mark
Her next letter was short. *It was right about the Wren. Customs want to know how you knew. I told them you have a good eye.*

Underneath, in a hand less steady than the rest: *Is it you writing them? You can tell me.*

Mark turned the page over as if there might be more on the back. There was not. He thought about the way people on the mainland looked at a man who had lived alone on a rock for six years, and about how he would have answered that question himself, a month ago.

He wrote back that it was not him. He wrote that he had started leaving the pen on the far side of the table, and the cap on, and that it made no difference. Then, because it was true and because there was no one else to say it to, he wrote that he was glad it was her reading them.

He posted it before he could take that line out.
:::
`,
  },
  {
    title: 'Fog Signal',
    markup: `::: pov Mark
The fog came in on Wednesday and did not lift. Mark ran the horn every thirty seconds through the night, two long blasts that shook the glass in the watch-room window, and between them he listened to the sea, which sounded closer than it was.

At three he went down for tea and found the ledger open again.

*Thursday, 05:20 — the Ada Lowe, packet, inbound, lights not seen. Struck the Teeth. Seven aboard.*

He stood very still. The *Ada Lowe* was the supply boat. Seven aboard meant the crew, Mrs Rowe with the parcels, and whoever else was coming out to the rock that week. He had asked, in his last letter, whether the clerk of the harbour office ever took a day's holiday.

There was no way to send word before Thursday. There was only the light, and the horn, and two hours.

***

He took the spare lamp from the store and carried it down to the landing. The Teeth lay a cable's length off the north end, three black rocks that showed only at low water. If the packet was feeling her way in by the sound of the horn she would come round the wrong side of them. A second light low on the water might make her skipper think twice.

Mark lit it, set it on the last step, and sat down beside it in the wet to wait.
:::

::: pov Lexie
Lexie saw the second light at ten past five and thought at first that she was seeing double from the cold. Then Jory at the helm swore and put the wheel over hard, and she felt the packet lean away from something she never saw, and heard water breaking close on the wrong side of the hull.

They came in to Gullrock slowly, with everyone on deck and nobody speaking. There was a man sitting on the bottom step of the landing next to a lamp, soaked through, who stood up as they came alongside and did not seem to know what to do with his hands.

"You came," Mark said.

"It said seven aboard," Lexie said. "I counted. I thought I ought to be one of them."

Later, in the watch room, with the fog thinning outside and a mug of tea going cold between them, they opened the ledger together. The line was still there. Under it, in the same small slanting hand, someone had added: *All safe.*
:::
`,
  },
];

/** Inline comments the reader leaves: chapter index, a phrase to anchor to, the comment. */
export const COMMENTS: {
  chapter: number;
  quote: string;
  body: string;
  type: 'reaction' | 'critique' | 'typo';
}[] = [
  { chapter: 0, quote: 'The ink was dry.', body: 'Four words and I have goosebumps.', type: 'reaction' },
  {
    chapter: 0,
    quote: "which was Lexie, because nobody else in the office could read the keeper's writing",
    body: 'Love how much this tells us about both of them at once.',
    type: 'reaction',
  },
  {
    chapter: 1,
    quote: 'crossed out will not and wrote has not yet',
    body: 'This is exactly who Lexie is.',
    type: 'reaction',
  },
  {
    chapter: 1,
    quote: 'He posted it before he could take that line out.',
    body: 'Mark!! Finally.',
    type: 'reaction',
  },
  {
    chapter: 2,
    quote: "a cable's length off the north end",
    body: 'Not sure readers will know how far a cable is; maybe a hint?',
    type: 'critique',
  },
];

export const REVIEWS: {
  chapter: number;
  verdict: 'yay' | 'nay';
  pacing?: number;
  characters?: number;
  povClarity?: number;
  prose?: number;
  body: string;
}[] = [
  {
    chapter: 0,
    verdict: 'yay',
    pacing: 4,
    characters: 5,
    povClarity: 5,
    prose: 4,
    body: 'A perfect hook. The switch to Lexie for the second half works really well.',
  },
  {
    chapter: 1,
    verdict: 'yay',
    pacing: 5,
    characters: 5,
    povClarity: 4,
    body: 'The red-ink system is such a good detail.',
  },
  {
    chapter: 2,
    verdict: 'nay',
    pacing: 3,
    characters: 4,
    povClarity: 5,
    prose: 4,
    body: 'I loved the ending but the rescue felt rushed; I wanted one more beat on the water before the light.',
  },
];
