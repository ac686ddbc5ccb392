// Streams one ReqIF XML document through saxes (namespaces on) and hands each top-level record (header, datatype,
// spec type, spec object, relation, specification, relation group, tool extension) to the model builder as a small
// element tree, then forgets it: memory grows with the model, never with a whole-document tree.
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { fail } from '../../../shared/errors';
import type { ReqifDocument } from '../../../shared/reqif';
import { ReqifModelBuilder, REQIF_NS, type RecordContainer } from './reqif-model';
import type { XmlElement } from './xml-tree';

/** The ReqIF elements whose children are records; everything else is structure the builder knows by heart. */
const CONTAINERS = new Set<string>([
  'THE-HEADER', 'DATATYPES', 'SPEC-TYPES', 'SPEC-OBJECTS', 'SPEC-RELATIONS', 'SPECIFICATIONS', 'SPEC-RELATION-GROUPS', 'TOOL-EXTENSIONS',
] satisfies RecordContainer[]);

/**
 * A copy of `s` that does not point into the parser's chunk. V8 makes a substring of 13 characters or more a view
 * of its parent: one kept identifier or date would keep its whole 64 KB chunk alive, and the model the whole file.
 * Concatenating then slicing flattens into a new string (measured: 60 MB retained for a 22 MB file without it).
 */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function isContainer(local: string): local is RecordContainer {
  return CONTAINERS.has(local);
}

interface OpenElement {
  name: string;
  uri: string;
  local: string;
  line: number;
}

export class ReqifStreamParser {
  private readonly parser = new SaxesParser({ xmlns: true, position: true });
  private readonly builder: ReqifModelBuilder;
  /** every open element, for the names in error messages and to know which container a record sits in */
  private readonly open: OpenElement[] = [];
  /** the record being built, innermost element last; empty between records */
  private readonly building: XmlElement[] = [];
  private container: RecordContainer | null = null;
  private lastClosed: OpenElement | undefined;
  private sawRoot = false;

  constructor(private readonly source: string, member: string | null) {
    this.builder = new ReqifModelBuilder(source, member);
    this.parser.on('error', (e) => this.malformed(e.message));
    this.parser.on('opentag', (tag) => this.openTag(tag));
    this.parser.on('closetag', () => this.closeTag());
    this.parser.on('text', (text) => this.text(text));
    this.parser.on('cdata', (text) => this.text(text));
  }

  /** Text as XmlTextDecoder gives it (which drops a byte order mark). */
  write(chunk: string): void {
    this.parser.write(chunk);
  }

  close(): ReqifDocument {
    // checked before saxes' own "document must contain a root element", which says less
    if (!this.sawRoot) fail('REQIF_INVALID', `${this.source} holds no XML element: it is not a ReqIF file.`, { where: { file: this.source } });
    this.parser.close();
    return this.builder.finish();
  }

  private malformed(saxesMessage: string): never {
    // saxes prefixes its message with "line:column: "; we say where ourselves, with the element it happened in
    const reason = saxesMessage.replace(/^[^:]*:?\d+:\d+: /, '');
    // saxes has already popped the element a wrong closing tag met; an entity error is only seen at the next ';'
    const inside = reason.startsWith('unexpected close tag') ? this.lastClosed : this.open.at(-1);
    const line = this.parser.line;
    const where = inside ? `, inside <${inside.name}> opened at line ${inside.line}` : '';
    fail('REQIF_INVALID', `${this.source} is not well-formed XML at line ${line}${where}: ${reason}`, {
      where: { file: this.source, line, column: this.parser.column + 1 },
    });
  }

  private openTag(tag: SaxesTagNS): void {
    const uri = tag.uri;
    const local = tag.local;
    const line = this.parser.line;
    if (!this.sawRoot) {
      this.sawRoot = true;
      if (uri !== REQIF_NS || local !== 'REQ-IF') {
        fail('REQIF_INVALID', `${this.source} is not a ReqIF file: its root element <${tag.name}> (line ${line}) is not REQ-IF in the namespace ${REQIF_NS}.`, {
          where: { file: this.source, line },
        });
      }
    }
    const parent = this.open.at(-1);
    this.open.push({ name: tag.name, uri, local, line });
    if (this.building.length === 0) {
      // between records: only a child of a container starts one; the structure around them needs no tree
      if (parent?.uri !== REQIF_NS || !isContainer(parent.local)) return;
      this.container = parent.local;
    }
    const el: XmlElement = {
      prefix: tag.prefix,
      local,
      uri,
      attributes: Object.values(tag.attributes).map((a) => ({ name: a.name, prefix: a.prefix, local: a.local, uri: a.uri, value: detach(a.value) })),
      children: [],
      line,
    };
    this.building.at(-1)?.children.push(el);
    this.building.push(el);
  }

  private closeTag(): void {
    this.lastClosed = this.open.pop();
    const el = this.building.pop();
    if (el && this.building.length === 0 && this.container) this.builder.add(this.container, el);
  }

  private text(chunkText: string): void {
    const current = this.building.at(-1);
    if (!current) return;
    const text = detach(chunkText);
    const last = current.children.length - 1;
    if (last >= 0 && typeof current.children[last] === 'string') current.children[last] += text;
    else current.children.push(text);
  }
}
