// Rich requirement text: the store's sanitised XHTML rendered through an allow-list of elements as React elements,
// never as raw HTML, so nothing in an imported file can run or restyle the page; anything else shows as its text.
import { createElement, useMemo, type ReactNode } from 'react';
import classes from './requirements.module.css';

const XHTML_NS = 'http://www.w3.org/1999/xhtml';

/** elements rendered as themselves; an element not listed keeps only its content */
const ALLOWED = new Set([
  'p', 'div', 'span', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'sub', 'sup', 'small', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead',
  'tbody', 'tfoot', 'tr', 'td', 'th', 'caption', 'pre', 'code', 'blockquote', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
]);
const VOID = new Set(['br', 'hr']);
/** the only attributes kept: a table cell's span (no style, class, id or link can come in) */
const CELL_SPANS = ['colspan', 'rowspan'] as const;
/** embedded objects (a .reqifz's images, OLE objects) are attachments in the store, not something the page loads */
const EMBEDDED = new Set(['object', 'img']);

function cellProps(el: Element): Record<string, number> {
  const props: Record<string, number> = {};
  for (const name of CELL_SPANS) {
    const value = Number(el.getAttribute(name));
    if (Number.isInteger(value) && value > 1 && value < 1000) props[name === 'colspan' ? 'colSpan' : 'rowSpan'] = value;
  }
  return props;
}

function render(node: Node, key: number): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.nodeValue;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const el = node as Element;
  const name = el.namespaceURI === XHTML_NS ? el.localName : '';
  if (EMBEDDED.has(name)) return <span key={key} className={classes.attachment}>[attachment]</span>;
  const children = Array.from(el.childNodes, render);
  if (!ALLOWED.has(name)) return <span key={key}>{children}</span>;
  if (VOID.has(name)) return createElement(name, { key });
  return createElement(name, { key, ...(name === 'td' || name === 'th' ? cellProps(el) : {}) }, ...children);
}

/** the XHTML's nodes, or null when it does not parse (then the plain text shows) */
function parse(xhtml: string): NodeListOf<ChildNode> | null {
  const doc = new DOMParser().parseFromString(`<div xmlns="${XHTML_NS}">${xhtml}</div>`, 'application/xhtml+xml');
  if (doc.getElementsByTagName('parsererror').length > 0) return null;
  return doc.documentElement.childNodes;
}

export function XhtmlView({ xhtml, text }: { xhtml: string | null; text: string }) {
  const content = useMemo(() => {
    const nodes = xhtml === null ? null : parse(xhtml);
    return nodes === null ? text : Array.from(nodes, render);
  }, [xhtml, text]);
  return (
    <div className={classes.richText}>
      {content}
    </div>
  );
}
