// Original prose written for these tests: a short two-POV story, "The Lighthouse Keys".
import type { Character } from '../src/index';

export const characters: Character[] = [
  { name: 'Mark', aliases: ['Marcus'] },
  { name: 'Lexie', aliases: ['Lex'] },
];

export const P = {
  m1: 'The ferry was late again, and Mark counted the gulls to keep from checking his watch.',
  m2: 'He had promised Lexie he would bring the *brass* key.',
  l1: 'Lexie found the lighthouse door already open, which was **never** a good sign.',
  l2: 'She climbed the stairs two at a time.',
  m3: 'By the time the ferry docked, the lamp upstairs was burning.',
};

/** Expected shape of every golden fixture: Mark, Lexie, Mark, with one scene break. */
export const expected = [
  {
    pov: 'Mark',
    texts: [
      'The ferry was late again, and Mark counted the gulls to keep from checking his watch.',
      'He had promised Lexie he would bring the brass key.',
      '',
    ],
  },
  {
    pov: 'Lexie',
    texts: [
      'Lexie found the lighthouse door already open, which was never a good sign.',
      'She climbed the stairs two at a time.',
      '',
    ],
  },
  { pov: 'Mark', texts: ['By the time the ferry docked, the lamp upstairs was burning.'] },
];

export const directivesMd = `::: pov Mark
${P.m1}

${P.m2}

* * *
:::

::: pov Lexie
${P.l1}

${P.l2}

~~~
:::

::: pov Marcus
${P.m3}
:::
`;

export const markersMd = `Mark's POV

${P.m1}

${P.m2}

***

POV: Lex

${P.l1}

${P.l2}
---
~ Mark ~
${P.m3}
`;

// Plain .txt: indented paragraphs, a bare name as the marker, "#" as the break.
export const markersTxt = [
  'Mark',
  '',
  `    ${P.m1}`,
  '',
  `    ${P.m2.replace(/\*/g, '')}`,
  '',
  '#',
  '',
  'Lexie',
  '',
  `    ${P.l1.replace(/\*/g, '')}`,
  '',
  `    ${P.l2}`,
  '',
  '#',
  '',
  'Mark',
  `    ${P.m3}`,
  '',
].join('\r\n');

export const styleMd = `**${P.m1}**

**${P.m2.replace(/\*/g, '')}**

***

${P.l1.replace(/\*\*/g, '')}

${P.l2}

- - -

**${P.m3}**
`;

// As Google Docs puts it on the clipboard.
export const googleDocsHtml = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-4f2a9c1e-7fff-1d2c-8e3b-5a6b7c8d9e0f"><p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;"><span style="font-size:11pt;font-family:Arial;font-weight:700;font-style:normal;">${P.m1}</span></p>
<p dir="ltr" style="line-height:1.38;"><span style="font-weight:700;">He had promised Lexie he would bring the </span><span style="font-weight:700;font-style:italic;">brass</span><span style="font-weight:700;"> key.</span></p>
<p dir="ltr" style="line-height:1.38;text-align:center;"><span style="font-weight:400;">* * *</span></p>
<p dir="ltr"><span style="font-weight:400;">Lexie found the lighthouse door already open, which was never a good sign.</span></p>
<p dir="ltr"><span style="font-weight:400;">${P.l2}</span></p>
<hr>
<p dir="ltr"><span style="font-weight:700;">${P.m3}</span></p></b>`;

// As Word puts it on the clipboard (trimmed), with marker paragraphs.
export const wordHtml = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head><body>
<p class=MsoNormal><b>Mark's POV<o:p></o:p></b></p>
<p class=MsoNormal>${P.m1}<o:p></o:p></p>
<p class=MsoNormal>He had promised Lexie he would bring the <i>brass</i> key.<o:p></o:p></p>
<p class=MsoNormal align=center>***<o:p></o:p></p>
<p class=MsoNormal>Lexie&#8217;s POV<o:p></o:p></p>
<p class=MsoNormal>Lexie found the lighthouse door already open, which was <b>never</b> a good sign.</p>
<p class=MsoNormal>${P.l2}</p>
<p class=MsoNormal>~~~</p>
<p class=MsoNormal>&mdash; Mark &mdash;</p>
<p class=MsoNormal>${P.m3}</p>
</body></html>`;
