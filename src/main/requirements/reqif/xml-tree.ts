// Small namespaced XML element trees: what the streaming reader builds for one ReqIF record at a time, and how such a tree is written back.

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';

export interface XmlAttribute {
  /** the qualified name as written (prefix:local) */
  name: string;
  prefix: string;
  local: string;
  /** '' for an attribute in no namespace */
  uri: string;
  value: string;
}

export interface XmlElement {
  prefix: string;
  local: string;
  uri: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  /** 1-based line of the start tag, for error messages */
  line: number;
}

/** Text is a plain string; adjacent text is merged as it is read. */
export type XmlNode = XmlElement | string;

export function isElement(node: XmlNode): node is XmlElement {
  return typeof node !== 'string';
}

export function qualifiedName(el: { prefix: string; local: string }): string {
  return el.prefix ? `${el.prefix}:${el.local}` : el.local;
}

export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values also escape quotes and the whitespace a parser would otherwise normalise to spaces. */
export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** All the text inside an element, descendants included. */
export function textOf(el: XmlElement): string {
  let text = '';
  for (const child of el.children) text += isElement(child) ? textOf(child) : child;
  return text;
}

function isDeclaration(attr: XmlAttribute): boolean {
  return attr.uri === XMLNS_NS || attr.name === 'xmlns';
}

/** The prefix a namespace declaration binds ('' for the default namespace). */
function declaredPrefix(attr: XmlAttribute): string {
  return attr.name === 'xmlns' ? '' : attr.local;
}

/**
 * Writes an element exactly as read (prefixes, declarations, text), adding on it the declarations of every
 * prefix used inside that were declared outside it, so the string stands alone wherever it is pasted.
 */
export function serializeOpaque(el: XmlElement): string {
  const needed = new Map<string, string>();
  collectOutsideBindings(el, new Map(), needed);
  const declarations = [...needed].map(([prefix, uri]) => ` ${prefix ? `xmlns:${prefix}` : 'xmlns'}="${escapeAttribute(uri)}"`).join('');
  return writeElement(el, declarations);
}

function collectOutsideBindings(el: XmlElement, inScope: Map<string, string>, needed: Map<string, string>): void {
  const scope = new Map(inScope);
  for (const attr of el.attributes) if (isDeclaration(attr)) scope.set(declaredPrefix(attr), attr.value);
  const use = (prefix: string, uri: string): void => {
    if (prefix === 'xml' || scope.has(prefix) || needed.has(prefix)) return;
    needed.set(prefix, uri);
  };
  use(el.prefix, el.uri);
  for (const attr of el.attributes) if (attr.prefix && !isDeclaration(attr)) use(attr.prefix, attr.uri);
  for (const child of el.children) if (isElement(child)) collectOutsideBindings(child, scope, needed);
}

function writeElement(el: XmlElement, extraAttributes = ''): string {
  const name = qualifiedName(el);
  const attributes = el.attributes.map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`).join('');
  const inner = el.children.map((c) => (isElement(c) ? writeElement(c) : escapeText(c))).join('');
  return inner ? `<${name}${extraAttributes}${attributes}>${inner}</${name}>` : `<${name}${extraAttributes}${attributes}/>`;
}
