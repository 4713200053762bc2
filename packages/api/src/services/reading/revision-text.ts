// A revision's number, segments and passages for the reading page, with its text passages as anchoring
// sees them (so comment counts and placement need no second trip for the same rows).
// Same values and order as loadRevisionSegments (services/chapter/revision-segments.ts) and
// loadAnchorPassages (services/comment/anchors.ts).
//
// A stored revision never changes (an edit writes a new one), so its text is kept in memory and
// shared by every request on this instance: no invalidation, nothing to coordinate between
// instances. What can change — a POV character's name or colour — is kept as an id here and
// joined by the caller. Bounded by the size of the text it holds, least recently read dropped first.
import type { PassageText } from '@margins/anchoring';
import { type Database, Prisma } from '@margins/db';
import type { PassageView } from '../chapter/revision-segments';
import { ReadCache } from '../read-cache';

export interface RevisionSegment {
  position: number;
  /** The POV character's id; null for unattributed text. */
  characterId: string | null;
  wordCount: number;
  passages: PassageView[];
}

export interface RevisionText {
  revision: { id: string; number: number; wordCount: number };
  segments: RevisionSegment[];
  /** Text passages in reading order, as @margins/anchoring takes them. */
  anchorPassages: PassageText[];
}

interface Row {
  number: number;
  revisionWords: number;
  /** null for a revision without segments. */
  segment: number | null;
  segmentWords: number;
  characterId: string | null;
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

async function loadRevisionText(db: Database, revisionId: string): Promise<RevisionText> {
  const rows = await db.prisma.$queryRaw<Row[]>(Prisma.sql`
    SELECT r.number, r."wordCount" AS "revisionWords", g.position AS segment, g."wordCount" AS "segmentWords", g."characterId",
           p.position, p.key, p.kind::text AS kind, p.html, p.text, p.hash, p."wordCount", p.line
      FROM "ChapterRevision" r
      LEFT JOIN "Segment" g ON g."revisionId" = r.id
      LEFT JOIN "Passage" p ON p."segmentId" = g.id
     WHERE r.id = ${revisionId}
     ORDER BY g.position ASC, p.position ASC`);
  const first = rows[0];
  if (!first) throw new Error(`Revision ${revisionId} does not exist.`);
  const segments: RevisionSegment[] = [];
  const text: { position: number; passage: PassageText }[] = [];
  let current: RevisionSegment | undefined;
  for (const r of rows) {
    if (r.segment === null) continue;
    if (current === undefined || current.position !== r.segment) {
      current = { position: r.segment, characterId: r.characterId, wordCount: r.segmentWords, passages: [] };
      segments.push(current);
    }
    if (r.key === null || r.position === null) continue;
    const passage: PassageView = {
      key: r.key,
      kind: r.kind as PassageView['kind'],
      html: r.html as string,
      text: r.text as string,
      wordCount: r.wordCount as number,
      line: r.line as number,
    };
    current.passages.push(passage);
    if (passage.kind === 'text')
      text.push({
        position: r.position,
        passage: { key: passage.key, text: passage.text, hash: r.hash as string },
      });
  }
  // Anchoring reads the revision's text passages by their own position.
  text.sort((a, b) => a.position - b.position);
  const revision = { id: revisionId, number: first.number, wordCount: first.revisionWords };
  return { revision, segments, anchorPassages: text.map((t) => t.passage) };
}

/** Bytes of revision text (UTF-16, about) kept per database handle. */
const BUDGET_BYTES = 64 * 1024 * 1024;

// A stored revision never changes: one constant version for all of them.
const texts = new ReadCache<RevisionText>({
  bytes: BUDGET_BYTES,
  sizeOf: (t) =>
    2 *
    t.segments.reduce(
      (n, s) => n + s.passages.reduce((m, p) => m + p.html.length + p.text.length + 200, 0),
      0,
    ),
});

/** Empties the cache of `db` (benchmarks measure the first read of a revision with it). */
export function forgetRevisionTexts(db: Database): void {
  texts.forget(db);
}

/** The text of a stored revision: read once per instance, then from memory. */
export function revisionText(db: Database, revisionId: string): Promise<RevisionText> {
  return texts.get(db, revisionId, 'stored', () => loadRevisionText(db, revisionId));
}
