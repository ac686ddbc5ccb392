// The name a dataset version records as its source: a label for the file the person picked, never a path and never
// more than one line. Windows, uploads and callers can send any string here, so it is reduced before anything records it.
const MAX_CHARACTERS = 120;

/** Base name after either separator, without control or invisible format characters, at most 120 characters. */
export function sourceName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // \p{Cc}: newlines, tabs, escapes; \p{Cf}: bidi overrides and zero-width marks that could disguise a name; U+2028/9 break lines too.
  const clean = base.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '').trim();
  const capped = Array.from(clean).slice(0, MAX_CHARACTERS).join('');
  return capped === '' || capped === '.' || capped === '..' ? 'unnamed file' : capped;
}
