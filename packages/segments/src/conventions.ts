// Choosing a convention (given or detected) and attributing each paragraph to a POV
// character under it. Every problem is collected; nothing stops at the first one.
import type { Block, LineMark } from './blocks';
import type { Cast } from './cast';
import { error, warning } from './problems';
import { EM, STRONG, formatRatio, stripFormat } from './runs';
import { describeMapping, type Declaration } from './declared';
import type { ChosenConvention, Convention, Problem, StyleMapping } from './types';

/** A paragraph belongs to a mapped character when at least this share of it is formatted… */
export const STYLE_FULL = 0.9;
/** …and is reported as mixed (not guessed) when the share is between these two. */
export const STYLE_MIXED = 0.3;

export type Item = Block | LineMark;
/** undefined = a break that takes the POV of the passage before it (see docs). */
export interface Entry {
  block: Block;
  pov: string | null | undefined;
}

const isDirective = (m: LineMark): boolean => m.type === 'open' || m.type === 'close';
const isStrongMarker = (m: LineMark): boolean => m.type === 'marker' && m.strong;

function looksStyled(blocks: Block[]): boolean {
  let full = 0;
  let plain = 0;
  for (const b of blocks) {
    if (b.kind !== 'para') continue;
    if (formatRatio(b.runs, STRONG) >= STYLE_FULL || formatRatio(b.runs, EM) >= STYLE_FULL) full++;
    else plain++;
  }
  return full >= 2 && plain >= 1;
}

export interface Decision {
  convention: Convention;
  /** The mapping to apply under 'style': the one given, else the author's declared one. */
  mapping?: StyleMapping;
  problems: Problem[];
}

export function decideConvention(
  given: ChosenConvention | undefined,
  marks: LineMark[],
  blocks: Block[],
  givenMapping: StyleMapping | undefined,
  cast: Cast,
  declared: Declaration | null = null,
): Decision {
  let mapping = givenMapping;
  const problems: Problem[] = [];
  const firstDirective = marks.find((m) => m.type === 'open');
  const firstStrong = marks.find(isStrongMarker);
  const anyMarker = marks.find((m) => m.type === 'marker');

  let convention: Convention;
  if (given) convention = given;
  else if (firstDirective && firstStrong)
    convention = firstDirective.line <= firstStrong.line ? 'directives' : 'markers';
  else if (firstDirective || marks.some((m) => m.type === 'close' || m.type === 'unknown-directive'))
    convention = 'directives';
  else if (anyMarker) convention = 'markers';
  else if (mapping) convention = 'style';
  else if (declared?.convention === 'style' && declared.mapping) {
    // The author told their readers the convention; parseChapter checks the formatting is there.
    convention = 'style';
    mapping = declared.mapping;
  } else {
    // Nothing marks POV: say so, and never call it a convention the file does not use.
    convention = 'none';
    if (declared?.convention === 'markers') {
      problems.push(
        warning(
          'declared_markers_missing',
          declared.line,
          `Your note says “${declared.sentence}”, but no line of the chapter is such a marker, so every passage is unattributed.`,
          'Check the marker lines survived the copy (each on a line of its own, naming a POV character), or choose another convention.',
        ),
      );
    } else if (looksStyled(blocks)) {
      problems.push(
        warning(
          'style_suggested',
          1,
          'Whole paragraphs are in bold or italic, which looks like a style convention, but no style mapping was given, so every passage is unattributed.',
          'Choose the style convention and say who each style is, e.g. "bold = Mark, plain = Lexie".',
        ),
      );
    } else if (cast.names.length > 0 && blocks.some((b) => b.kind === 'para')) {
      problems.push(
        warning(
          'no_pov_markup',
          1,
          'No POV markup was found, so every passage is unattributed.',
          `Start each POV section with a line like "::: pov ${cast.names[0]}" and end it with ":::", or with a marker line like "${cast.names[0]}'s POV".`,
        ),
      );
    }
  }

  const mixed = (m: LineMark, what: string): Problem =>
    error(
      'mixed_conventions',
      m.line,
      `This upload uses ${what} here, but the ${convention} convention elsewhere; one chapter must use one convention.`,
      convention === 'directives'
        ? 'Replace marker lines with "::: pov Name" … ":::" blocks, or remove the directives and use marker lines only.'
        : 'Remove the ":::" directive lines, or convert the whole chapter to "::: pov Name" … ":::" blocks.',
    );
  if (convention !== 'directives' && firstDirective)
    problems.push(mixed(firstDirective, 'a "::: pov" directive'));
  if (convention !== 'markers' && firstStrong)
    problems.push(
      mixed(firstStrong, `a POV marker line ("${firstStrong.type === 'marker' ? firstStrong.name : ''}")`),
    );
  for (const m of marks) {
    if (m.type === 'unknown-directive') {
      problems.push(
        error(
          'unknown_directive',
          m.line,
          `"::: ${m.word}" is not a known directive.`,
          'Use "::: pov Name" to open a POV block and ":::" alone to close it.',
          1,
        ),
      );
    }
  }
  if (convention === 'style') {
    if (!mapping || (!mapping.bold && !mapping.italic)) {
      problems.push(
        error(
          'style_mapping_missing',
          1,
          'The style convention needs a mapping from bold or italic to a POV character.',
          'Say who each style is, e.g. "bold = Mark, plain = Lexie".',
        ),
      );
    }
    for (const [style, name] of Object.entries(mapping ?? {}) as [string, string | undefined][]) {
      if (name && cast.resolve(name) === null) {
        problems.push(
          error(
            'unknown_character',
            1,
            `The style mapping gives ${style} to "${name}", who is not one of this story's POV characters (${cast.names.join(', ') || 'none yet'}).`,
            `Add "${name}" as a POV character of the story, or map ${style} to one of: ${cast.names.join(', ')}.`,
          ),
        );
      }
    }
  }
  return mapping ? { convention, mapping, problems } : { convention, problems };
}

/** Whether any paragraph carries a format the mapping gives to a character. */
export function styleFound(blocks: Block[], mapping: StyleMapping): boolean {
  const flags = [...(mapping.bold ? [STRONG] : []), ...(mapping.italic ? [EM] : [])];
  return blocks.some((b) => b.kind === 'para' && flags.some((f) => formatRatio(b.runs, f) >= STYLE_FULL));
}

/**
 * A chosen or declared convention that finds nothing (bold lost in a copy, marker lines that
 * are not there) would put every passage in one POV or none, silently; it is said instead.
 * Chosen: an error, nothing is saved. Declared: the chapter falls back to unattributed with a warning.
 */
export function foundNothing(
  kind: 'style' | 'markers',
  mapping: StyleMapping | undefined,
  declared: Declaration | null,
  chosen: boolean,
): Problem {
  const fix =
    kind === 'style'
      ? 'Upload the .docx (or paste from the page with formatting kept) so the formatting survives, or choose another convention; "Detect it for me" saves it unattributed.'
      : 'Add a marker line (e.g. "Mark\'s POV") where each POV section starts, or choose another convention.';
  if (kind === 'markers') {
    return (chosen ? error : warning)(
      'markers_found_nothing',
      1,
      'You chose marker lines, but no line of the chapter is a POV marker, so every passage would be unattributed.',
      fix,
    );
  }
  const formats = (['bold', 'italic'] as const).filter((k) => mapping?.[k]).join(' or ');
  const plain = mapping?.plain ? ` in ${mapping.plain}'s POV` : ' unattributed';
  if (chosen) {
    return error(
      'style_found_nothing',
      1,
      `No paragraph is ${formats}, so the mapping ${describeMapping(mapping ?? {})} would put every passage${plain}. The formatting was probably lost when the text was copied.`,
      fix,
    );
  }
  return warning(
    'declared_style_missing',
    declared?.line ?? 1,
    `Your note says “${declared?.sentence ?? ''}”, but no paragraph is ${formats} (the formatting was probably lost when the text was copied), so every passage is unattributed rather than all in one POV.`,
    fix,
  );
}

function unknownCharacter(name: string, line: number, column: number, cast: Cast): Problem {
  return error(
    'unknown_character',
    line,
    `"${name}" is not one of this story's POV characters (${cast.names.join(', ') || 'none yet'}).`,
    `Fix the spelling, or add "${name}" (or an alias) to the story's POV characters.`,
    column,
  );
}

export function applyConvention(
  convention: Convention,
  items: Item[],
  cast: Cast,
  mapping: StyleMapping | undefined,
): { entries: Entry[]; problems: Problem[] } {
  if (convention === 'none')
    return {
      entries: items.flatMap((it) =>
        it.kind === 'mark' ? [] : [{ block: it, pov: it.kind === 'break' ? undefined : null }],
      ),
      problems: [],
    };
  if (convention === 'directives') return applyDirectives(items, cast);
  if (convention === 'markers') return applyMarkers(items, cast);
  return applyStyle(items, cast, mapping ?? {});
}

function applyDirectives(items: Item[], cast: Cast): { entries: Entry[]; problems: Problem[] } {
  const entries: Entry[] = [];
  const problems: Problem[] = [];
  let open: { line: number; pov: string | null } | null = null;
  for (const it of items) {
    if (it.kind === 'para' || it.kind === 'break') {
      // Outside a block, breaks are unattributed like paragraphs; parse.ts folds runs of
      // lone breaks into the neighbouring segment.
      entries.push({ block: it, pov: open ? open.pov : null });
      continue;
    }
    if (it.type === 'open') {
      if (open) {
        problems.push(
          error(
            'nested_directive',
            it.line,
            `A POV block is opened here while the one opened on line ${open.line} is still open.`,
            `Add a line with ":::" before line ${it.line} to close the earlier block.`,
            1,
          ),
        );
      }
      let pov: string | null = null;
      if (!it.name) {
        problems.push(
          error(
            'missing_character',
            it.line,
            '"::: pov" needs the name of a POV character.',
            `Write the name after it, e.g. "::: pov ${cast.names[0] ?? 'Name'}".`,
            it.column,
          ),
        );
      } else {
        pov = cast.resolve(it.name);
        if (pov === null) problems.push(unknownCharacter(it.name, it.line, it.column, cast));
      }
      open = { line: it.line, pov };
    } else if (it.type === 'close') {
      if (!open) {
        problems.push(
          error(
            'unexpected_close',
            it.line,
            'This ":::" closes a POV block, but no block is open.',
            'Remove the line, or add "::: pov Name" where the block should start.',
            1,
          ),
        );
      }
      open = null;
    }
  }
  if (open) {
    problems.push(
      error(
        'unclosed_directive',
        open.line,
        `The POV block opened on line ${open.line} is never closed.`,
        'Add a line with ":::" alone where this POV section ends.',
        1,
      ),
    );
  }
  return { entries, problems };
}

function applyMarkers(items: Item[], cast: Cast): { entries: Entry[]; problems: Problem[] } {
  const entries: Entry[] = [];
  const problems: Problem[] = [];
  let pov: string | null = null;
  for (const it of items) {
    if (it.kind === 'para') entries.push({ block: it, pov });
    else if (it.kind === 'break') entries.push({ block: it, pov: undefined });
    else if (it.type === 'marker') {
      if (it.resolved === null) problems.push(unknownCharacter(it.name, it.line, it.column, cast));
      pov = it.resolved;
    }
  }
  return { entries, problems };
}

function applyStyle(
  items: Item[],
  cast: Cast,
  mapping: StyleMapping,
): { entries: Entry[]; problems: Problem[] } {
  const entries: Entry[] = [];
  const problems: Problem[] = [];
  const bold = mapping.bold ? cast.resolve(mapping.bold) : null;
  const italic = mapping.italic ? cast.resolve(mapping.italic) : null;
  const plain = mapping.plain ? cast.resolve(mapping.plain) : null;
  const styles = [
    { flag: STRONG, who: bold, word: 'bold' },
    { flag: EM, who: italic, word: 'italic' },
  ].filter((s) => mapping[s.word as 'bold' | 'italic']);
  for (const it of items) {
    if (it.kind === 'break') {
      entries.push({ block: it, pov: undefined });
      continue;
    }
    if (it.kind !== 'para') continue;
    const full = styles.find((s) => formatRatio(it.runs, s.flag) >= STYLE_FULL);
    if (full) {
      // The formatting was the convention's signal, not emphasis: drop it from the passage.
      entries.push({ block: { ...it, runs: stripFormat(it.runs, full.flag) }, pov: full.who });
      continue;
    }
    const partial = styles.find((s) => formatRatio(it.runs, s.flag) >= STYLE_MIXED);
    if (partial) {
      const pct = Math.round(formatRatio(it.runs, partial.flag) * 100);
      problems.push(
        error(
          'mixed_formatting',
          it.line,
          `This paragraph is only partly ${partial.word} (${pct}%), so it is unclear whose POV it is.`,
          `Make the whole paragraph ${partial.word} for ${mapping[partial.word as 'bold' | 'italic']}, or remove the ${partial.word} for ${mapping.plain ?? 'an unattributed paragraph'}.`,
        ),
      );
    }
    entries.push({ block: it, pov: plain });
  }
  return { entries, problems };
}

export { isDirective };
