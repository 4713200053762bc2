// Reading a posted form, one way everywhere (docs/architecture.md, "Forms"). Pure: no SvelteKit
// runtime, so the upload reader and the unit tests use it as it is.

/** One field's text: '' when it is missing or a file. */
export function text(form: FormData, name: string): string {
  const v = form.get(name);
  return typeof v === 'string' ? v : '';
}

/** "Harry Potter, Hermione Granger" → ["Harry Potter", "Hermione Granger"], duplicates dropped. */
export function commaList(value: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of value.split(',')) {
    const item = raw.trim().replace(/\s+/g, ' ');
    if (item && !seen.has(item.toLowerCase())) {
      seen.add(item.toLowerCase());
      out.push(item);
    }
  }
  return out;
}

/**
 * The fields of one posted form. Values come out as the form sent them (strings), or as the
 * small conversions a form needs before a schema can judge them; the API's schemas
 * (@margins/api/inputs) decide what is valid.
 */
export class Fields {
  constructor(readonly data: FormData) {}

  /** One field's text, as sent. */
  text(name: string): string {
    return text(this.data, name);
  }

  /** Trimmed text, or undefined when blank (an optional input left empty). */
  optional(name: string): string | undefined {
    return this.text(name).trim() || undefined;
  }

  /** Every value of a repeated field (checkbox groups, rows of a table). */
  all(name: string): string[] {
    return this.data.getAll(name).filter((v): v is string => typeof v === 'string');
  }

  /** A comma-separated list typed into one field, trimmed, duplicates dropped. */
  list(name: string): string[] {
    return commaList(this.text(name));
  }

  /** A whole number, or undefined when the field is empty or not a number. */
  int(name: string): number | undefined {
    const v = Number.parseInt(this.text(name), 10);
    return Number.isFinite(v) ? v : undefined;
  }

  /** A ticked checkbox (`on`) or a yes/no button (`true`). */
  bool(name: string): boolean {
    const v = this.text(name);
    return v === 'on' || v === 'true';
  }

  /** The value when it is one of `options`, else undefined (radio buttons, selects). */
  oneOf<T extends string>(name: string, options: readonly T[]): T | undefined {
    const v = this.text(name);
    return options.find((o) => o === v);
  }
}
