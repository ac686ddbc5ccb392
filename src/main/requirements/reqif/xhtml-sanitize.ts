// Turns the XHTML content of a ReqIF value into sanitised XHTML (structure kept, active content dropped) and its plain text.
import type { ReqifXhtml } from '../../../shared/reqif';
import { escapeAttribute, escapeText, isElement, XML_NS, type XmlElement, type XmlNode } from './xml-tree';

export const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** Elements whose whole content is active or page-level, so it is dropped with them. */
const DROPPED = new Set(['script', 'style', 'iframe', 'frame', 'frameset', 'embed', 'base', 'link', 'meta']);
/** Attributes that hold a URL, where a javascript: or vbscript: scheme would run code. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'data', 'action', 'formaction', 'background', 'cite', 'longdesc', 'usemap', 'codebase', 'classid']);
/** Written as <br/>: an HTML parser reads every other empty element written that way as an open tag. */
const VOID = new Set(['br', 'hr', 'img', 'col', 'area', 'param', 'input', 'wbr']);
/** Elements that start and end a line in the plain text. */
const BLOCK = new Set([
  'address', 'blockquote', 'br', 'caption', 'dd', 'div', 'dl', 'dt', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'ol', 'p', 'pre', 'table',
  'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);
const CELL = new Set(['td', 'th']);

function isActiveUrl(value: string): boolean {
  // browsers ignore control characters and whitespace inside a scheme, so "java\nscript:" still runs
  return /^(javascript|vbscript):/i.test(value.replace(/[\s\u0000-\u001f]+/g, ''));
}

function keptAttributes(el: XmlElement): string {
  let out = '';
  for (const attr of el.attributes) {
    const xmlAttribute = attr.uri === XML_NS;
    if (attr.uri !== '' && !xmlAttribute) continue; // namespace declarations and foreign attributes
    const name = attr.local.toLowerCase();
    if (!xmlAttribute && (name.startsWith('on') || (URL_ATTRIBUTES.has(name) && isActiveUrl(attr.value)))) continue;
    out += ` ${xmlAttribute ? `xml:${attr.local}` : attr.local}="${escapeAttribute(attr.value)}"`;
  }
  return out;
}

function writeXhtml(node: XmlNode, topLevel: boolean): string {
  if (!isElement(node)) return escapeText(node);
  if (node.uri !== XHTML_NS || DROPPED.has(node.local)) return '';
  const declaration = topLevel ? ` xmlns="${XHTML_NS}"` : '';
  const attributes = keptAttributes(node);
  const inner = node.children.map((c) => writeXhtml(c, false)).join('');
  if (!inner && VOID.has(node.local)) return `<${node.local}${declaration}${attributes}/>`;
  return `<${node.local}${declaration}${attributes}>${inner}</${node.local}>`;
}

function appendText(node: XmlNode, lines: string[]): void {
  if (!isElement(node)) {
    lines[lines.length - 1] += node;
    return;
  }
  if (node.uri !== XHTML_NS || DROPPED.has(node.local)) return;
  const block = BLOCK.has(node.local);
  if (block) lines.push('');
  else if (CELL.has(node.local)) lines[lines.length - 1] += ' ';
  for (const child of node.children) appendText(child, lines);
  if (block) lines.push('');
}

/** Plain text of the content: one line per block, runs of whitespace collapsed, blank lines dropped. */
function plainText(content: readonly XmlNode[]): string {
  const lines = [''];
  for (const node of content) appendText(node, lines);
  return lines
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** The sanitised XHTML and plain text of THE-VALUE's (or THE-ORIGINAL-VALUE's) children. */
export function sanitizeXhtml(content: readonly XmlNode[]): ReqifXhtml {
  return { xhtml: content.map((c) => writeXhtml(c, true)).join('').trim(), text: plainText(content) };
}
