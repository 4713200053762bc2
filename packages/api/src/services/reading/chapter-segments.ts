// A revision's segments and passages for the reading page in one query, together with its text
// passages as anchoring sees them (so comment counts need no second trip for the same rows).
// Same values and order as loadRevisionSegments (services/chapter/revision-segments.ts) and
// loadAnchorPassages (services/comment/anchors.ts).
import type { PassageText } from '@margins/anchoring';
import { Prisma } from '@margins/db';
import type { Db } from '../access';
import type { PassageView, SegmentView } from '../chapter/revision-segments';

interface Row {
  segment: number;
  segmentWords: number;
  povName: string | null;
  povColor: string | null;
  /** null for a segment without passages. */
  position: number | null;
  key: string | null;
  kind: PassageView['kind'] | null;
  html: string | null;
  text: string | null;
  hash: string | null;
  wordCount: number | null;
  line: number | null;
}

export async function loadReadingSegments(db: Db, revisionId: string): Promise<{ segments: SegmentView[]; anchorPassages: PassageText[] }> {
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT g.position AS segment, g."wordCount" AS "segmentWords", pc.name AS "povName", pc.color AS "povColor",
           p.position, p.key, p.kind::text AS kind, p.html, p.text, p.hash, p."wordCount", p.line
      FROM "Segment" g
      LEFT JOIN "PovCharacter" pc ON pc.id = g."characterId"
      LEFT JOIN "Passage" p ON p."segmentId" = g.id
     WHERE g."revisionId" = ${revisionId}
     ORDER BY g.position ASC, p.position ASC`);
  const segments: SegmentView[] = [];
  const text: { position: number; passage: PassageText }[] = [];
  let current: SegmentView | undefined;
  let currentPosition: number | undefined;
  for (const r of rows) {
    if (current === undefined || currentPosition !== r.segment) {
      current = {
        position: r.segment,
        pov: r.povName === null || r.povColor === null ? null : { name: r.povName, color: r.povColor },
        wordCount: r.segmentWords,
        passages: [],
      };
      currentPosition = r.segment;
      segments.push(current);
    }
    if (r.key === null || r.position === null) continue;
    const passage: PassageView = { key: r.key, kind: r.kind as PassageView['kind'], html: r.html as string, text: r.text as string, wordCount: r.wordCount as number, line: r.line as number };
    current.passages.push(passage);
    if (passage.kind === 'text') text.push({ position: r.position, passage: { key: passage.key, text: passage.text, hash: r.hash as string } });
  }
  // Anchoring reads the revision's text passages by their own position.
  text.sort((a, b) => a.position - b.position);
  return { segments, anchorPassages: text.map((t) => t.passage) };
}
