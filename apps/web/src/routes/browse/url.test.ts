import { describe, expect, it } from 'vitest';
import { parseBrowseUrl, parseTagRef, tidyQuery, withoutParam } from './url';

const parse = (query: string) => parseBrowseUrl(new URLSearchParams(query));

describe('the browse URL', () => {
  it('reads tags with or without a kind, from repeated params and comma lists, once each', () => {
    expect(parseTagRef('freeform: Slow Burn')).toEqual({ kind: 'freeform', name: 'Slow Burn' });
    expect(parseTagRef('Star Wars: The Clone Wars')).toEqual({ name: 'Star Wars: The Clone Wars' });
    expect(parseTagRef('character:')).toBeNull();
    const u = parse('tag=freeform:Angst&tags=Fluff,%20freeform:angst&xtag=character:Lexie');
    expect(u.tags).toEqual([{ kind: 'freeform', name: 'Angst' }, { name: 'Fluff' }]);
    expect(u.xtags).toEqual([{ kind: 'character', name: 'Lexie' }]);
  });

  it('drops values that name no option instead of refusing the page', () => {
    const u = parse(
      'rating=teen&rating=bogus&xwarning=underage&status=done&lang=pt-br&sort=kudos&since=2026-02-31x&words_min=1,000&page=0',
    );
    expect(u).toMatchObject({
      ratings: ['teen'],
      xwarnings: ['underage'],
      status: null,
      lang: 'pt-BR',
      sort: null,
      since: null,
      wordsMin: 1000,
      page: 1,
    });
    expect(parse('lang=not a language').lang).toBeNull();
  });

  it('tidies a GET form submission into the short link: no empty fields, no default sort', () => {
    expect(tidyQuery(new URLSearchParams('q=&sort=updated&tag=freeform:Angst&words_min=&status='))).toBe(
      'tag=freeform%3AAngst',
    );
    expect(tidyQuery(new URLSearchParams('q=gulls&sort=relevance'))).toBe('q=gulls');
    expect(tidyQuery(new URLSearchParams('q=gulls&sort=updated'))).toBeNull();
    expect(tidyQuery(new URLSearchParams('tag=freeform:Angst'))).toBeNull();
  });

  it('removes one value and the page number', () => {
    const params = new URLSearchParams('tag=a&tag=b&page=3&sort=words');
    expect(withoutParam(params, 'tag', 'a')).toBe('/browse?tag=b&sort=words');
    expect(withoutParam(new URLSearchParams('q=x'), 'q')).toBe('/browse');
  });
});
