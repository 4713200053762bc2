// What a story is, as an Archive of Our Own reader reads it: rating, archive warnings, completion
// and chapter plan, language. Pure (no imports, no I/O): the API validates with it, the exports
// and the feed label with it, and the web app's forms and pages import it too
// (`@margins/api/story-meta`), so every place says "Teen And Up Audiences" the same way.

export const STORY_RATINGS = ['general', 'teen', 'mature', 'explicit', 'not_rated'] as const;
export type StoryRating = (typeof STORY_RATINGS)[number];

export const RATING_LABELS: Record<StoryRating, string> = {
  general: 'General Audiences',
  teen: 'Teen And Up Audiences',
  mature: 'Mature',
  explicit: 'Explicit',
  not_rated: 'Not Rated',
};

/** The archives' order (alphabetical by label), which forms and lists keep. */
export const ARCHIVE_WARNINGS = [
  'creator_chose_not_to_use',
  'graphic_violence',
  'major_character_death',
  'no_warnings_apply',
  'rape_non_con',
  'underage',
] as const;
export type ArchiveWarning = (typeof ARCHIVE_WARNINGS)[number];

export const WARNING_LABELS: Record<ArchiveWarning, string> = {
  creator_chose_not_to_use: 'Creator Chose Not To Use Archive Warnings',
  graphic_violence: 'Graphic Depictions Of Violence',
  major_character_death: 'Major Character Death',
  no_warnings_apply: 'No Archive Warnings Apply',
  rape_non_con: 'Rape/Non-Con',
  underage: 'Underage',
};

export const STORY_COMPLETIONS = ['in_progress', 'complete'] as const;
export type StoryCompletion = (typeof STORY_COMPLETIONS)[number];
export const COMPLETION_LABELS: Record<StoryCompletion, string> = {
  in_progress: 'In progress',
  complete: 'Complete',
};

export const MAX_EXPECTED_CHAPTERS = 10_000;

export interface StoryMeta {
  rating: StoryRating;
  warnings: ArchiveWarning[];
  completion: StoryCompletion;
  expectedChapters: number | null;
  language: string;
}

export const DEFAULT_STORY_META: StoryMeta = {
  rating: 'not_rated',
  warnings: ['creator_chose_not_to_use'],
  completion: 'in_progress',
  expectedChapters: null,
  language: 'en',
};

/**
 * Mature and Explicit stories ask a logged-out reader to confirm before the text. (The archive
 * also asks for Not Rated; here Not Rated is what every story was before ratings existed, so it
 * does not.)
 */
export function isAdultRating(rating: StoryRating): boolean {
  return rating === 'mature' || rating === 'explicit';
}

/** Why a set of warnings is refused, or null when it is fine. */
export function warningsProblem(warnings: readonly string[]): string | null {
  if (warnings.length === 0)
    return 'Choose at least one warning, or “Creator Chose Not To Use Archive Warnings”.';
  if (new Set(warnings).size !== warnings.length) return 'Each warning once.';
  if (warnings.some((w) => !(ARCHIVE_WARNINGS as readonly string[]).includes(w))) return 'Unknown warning.';
  if (warnings.includes('no_warnings_apply') && warnings.length > 1)
    return '“No Archive Warnings Apply” cannot be combined with other warnings.';
  return null;
}

/** Warnings in the archives' order, so equal sets read and compare the same. */
export function sortWarnings(warnings: readonly ArchiveWarning[]): ArchiveWarning[] {
  return ARCHIVE_WARNINGS.filter((w) => warnings.includes(w));
}

/**
 * "2/?", "2/5" or "3/3": chapters readers can open now over the chapters planned. A complete
 * story has all its chapters out; a plan smaller than what is out reads as unknown.
 */
export function formatChapterProgress(
  live: number,
  completion: StoryCompletion,
  expected: number | null,
): string {
  if (completion === 'complete') return `${live}/${live}`;
  return `${live}/${expected !== null && expected >= live ? expected : '?'}`;
}

/** Common languages for the story form, by their own names (as the archives list them). */
export const LANGUAGES: readonly { code: string; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'ar', name: 'العربية' },
  { code: 'id', name: 'Bahasa Indonesia' },
  { code: 'ms', name: 'Bahasa Malaysia' },
  { code: 'ca', name: 'Català' },
  { code: 'cs', name: 'Čeština' },
  { code: 'da', name: 'Dansk' },
  { code: 'de', name: 'Deutsch' },
  { code: 'el', name: 'Ελληνικά' },
  { code: 'es', name: 'Español' },
  { code: 'eo', name: 'Esperanto' },
  { code: 'fa', name: 'فارسی' },
  { code: 'fil', name: 'Filipino' },
  { code: 'fr', name: 'Français' },
  { code: 'he', name: 'עברית' },
  { code: 'hi', name: 'हिन्दी' },
  { code: 'it', name: 'Italiano' },
  { code: 'ja', name: '日本語' },
  { code: 'ko', name: '한국어' },
  { code: 'la', name: 'Lingua latina' },
  { code: 'hu', name: 'Magyar' },
  { code: 'nl', name: 'Nederlands' },
  { code: 'nb', name: 'Norsk bokmål' },
  { code: 'pl', name: 'Polski' },
  { code: 'pt-BR', name: 'Português brasileiro' },
  { code: 'pt-PT', name: 'Português europeu' },
  { code: 'ro', name: 'Română' },
  { code: 'ru', name: 'Русский' },
  { code: 'fi', name: 'Suomi' },
  { code: 'sv', name: 'Svenska' },
  { code: 'th', name: 'ไทย' },
  { code: 'vi', name: 'Tiếng Việt' },
  { code: 'tr', name: 'Türkçe' },
  { code: 'uk', name: 'Українська' },
  { code: 'zh-Hans', name: '中文 (简体)' },
  { code: 'zh-Hant', name: '中文 (繁體)' },
];

const TAG_SHAPE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/**
 * A BCP 47 tag in canonical form ("pt-br" → "pt-BR"), or null when it is not one. The same
 * shape filters rely on.
 */
export function canonicalLanguage(tag: string): string | null {
  const trimmed = tag.trim();
  if (trimmed.length < 2 || trimmed.length > 35 || !TAG_SHAPE.test(trimmed)) return null;
  try {
    const [canonical] = Intl.getCanonicalLocales(trimmed);
    return canonical && TAG_SHAPE.test(canonical) ? canonical : null;
  } catch {
    return null;
  }
}

/** A language's own name for the common ones; otherwise its English name, or the tag itself. */
export function languageName(code: string): string {
  const known = LANGUAGES.find((l) => l.code === code);
  if (known) return known.name;
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
