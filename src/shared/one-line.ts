// Makes any text safe to print on one line: a path or value holding a line break must not split an error or a table row.

/** Line breaks, tabs and other control characters (C0, DEL, C1, U+2028/2029) as visible escapes: "a\nb" prints as a\nb. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    switch (c) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}
