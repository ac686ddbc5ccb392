// A strict CSV reader (RFC 4180 with LF line ends) for files people edit by hand: a broken quote is an error naming
// its line, never a silent shift of columns.

/** RFC 4180 with LF line ends: every record ends with '\n', quotes only around whole fields, '""' inside them.
 *  Throws naming the line, so a hand edit that breaks quoting is caught instead of silently shifting columns. */
export function parseCsvStrict(content: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let i = 0;
  if (content.length > 0 && !content.endsWith('\n')) throw new Error(`line ${content.split('\n').length}: the file does not end with a newline`);
  while (i < content.length) {
    const c = content[i];
    if (c === '"') {
      if (field !== '') throw new Error(`line ${line}: a quote inside an unquoted field`);
      i += 1;
      for (;;) {
        if (i >= content.length) throw new Error(`line ${recordLine}: a quoted field is never closed`);
        if (content[i] === '"') {
          if (content[i + 1] === '"') { field += '"'; i += 2; continue; }
          i += 1;
          break;
        }
        if (content[i] === '\n') line += 1;
        field += content[i];
        i += 1;
      }
      if (i < content.length && content[i] !== ',' && content[i] !== '\n') throw new Error(`line ${line}: text after a closing quote`);
      continue;
    }
    if (c === '\r') throw new Error(`line ${line}: a carriage return (the file uses LF line ends)`);
    if (c === ',') { fields.push(field); field = ''; i += 1; continue; }
    if (c === '\n') {
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line += 1;
      recordLine = line;
      i += 1;
      continue;
    }
    field += c;
    i += 1;
  }
  return records;
}
