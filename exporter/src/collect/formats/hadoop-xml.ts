/**
 * Hadoop configuration XML (`core-site.xml`, `yarn-site.xml`, `hdfs-site.xml`, …):
 * `<configuration><property><name>k</name><value>v</value><final>true</final></property></configuration>`.
 * A small strict reader, not a general XML parser: comments, CDATA, processing
 * instructions, the five predefined entities and numeric character references are
 * understood; a DOCTYPE — and with it every DTD and external entity — is refused.
 */
import type { ConfigScalar, ParsedConfig } from './types';

interface Element {
  name: string;
  children: Element[];
  text: string;
  at: number;
}

class XmlError extends Error {
  constructor(
    readonly at: number,
    message: string,
  ) {
    super(message);
  }
}

const NAME = '[A-Za-z_][\\w.:-]*';
const START_TAG = new RegExp(`<(${NAME})(?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*\\s*(/?)>`, 'y');
const END_TAG = new RegExp(`</(${NAME})\\s*>`, 'y');
const PREDEFINED = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

/** Parses Hadoop configuration XML: last definition wins unless an earlier one is `<final>true</final>`. */
export function parseHadoopXml(text: string): ParsedConfig {
  try {
    const root = parseDocument(text);
    if (root.name !== 'configuration') throw new XmlError(root.at, `root element is <${root.name}>, expected <configuration>`);
    return { ok: true, entries: readProperties(root) };
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
    return { ok: false, reason: `line ${text.slice(0, e.at).split('\n').length}: ${e.message}` };
  }
}

function readProperties(conf: Element): Map<string, ConfigScalar> {
  const entries = new Map<string, ConfigScalar>();
  const finals = new Set<string>();
  onlyBlankText(conf);
  for (const property of conf.children) {
    if (property.name !== 'property') throw new XmlError(property.at, `unsupported element <${property.name}> in <configuration>`);
    onlyBlankText(property);
    const name = textOf(property, 'name')?.trim();
    if (!name) throw new XmlError(property.at, '<property> without a <name>');
    const value = textOf(property, 'value');
    if (value === undefined || finals.has(name)) continue;
    entries.set(name, value);
    if (textOf(property, 'final')?.trim() === 'true') finals.add(name);
  }
  return entries;
}

/** The text of the single child `name` of `parent`, undefined when absent. */
function textOf(parent: Element, name: string): string | undefined {
  const found = parent.children.filter((c) => c.name === name);
  if (found.length > 1) throw new XmlError((found[1] as Element).at, `<${name}> repeated in one <property>`);
  const child = found[0];
  if (child && child.children.length > 0) throw new XmlError(child.at, `<${name}> holds elements, expected text`);
  return child?.text;
}

function onlyBlankText(el: Element): void {
  if (el.text.trim() !== '') throw new XmlError(el.at, `text directly inside <${el.name}>`);
}

function parseDocument(xml: string): Element {
  const doc: Element = { name: '#document', children: [], text: '', at: 0 };
  const stack = [doc];
  let i = xml.startsWith('\uFEFF') ? 1 : 0;
  while (i < xml.length) {
    const top = stack[stack.length - 1] as Element;
    if (xml.startsWith('<!--', i)) i = skipPast(xml, i, '-->', 'unterminated comment');
    else if (xml.startsWith('<![CDATA[', i)) {
      const end = skipPast(xml, i, ']]>', 'unterminated CDATA section');
      top.text += xml.slice(i + 9, end - 3);
      i = end;
    } else if (/^<!DOCTYPE/i.test(xml.slice(i, i + 9))) throw new XmlError(i, 'DOCTYPE refused (no DTD or external entities)');
    else if (xml.startsWith('<!', i)) throw new XmlError(i, 'unsupported markup declaration');
    else if (xml.startsWith('<?', i)) i = skipPast(xml, i, '?>', 'unterminated processing instruction');
    else if (xml.startsWith('</', i)) {
      END_TAG.lastIndex = i;
      const m = END_TAG.exec(xml);
      if (!m || top === doc || top.name !== m[1]) throw new XmlError(i, `unexpected end tag${m ? ` </${m[1]}>` : ''}`);
      stack.pop();
      i = END_TAG.lastIndex;
    } else if (xml[i] === '<') {
      START_TAG.lastIndex = i;
      const m = START_TAG.exec(xml);
      if (!m) throw new XmlError(i, 'malformed start tag');
      const el: Element = { name: m[1] as string, children: [], text: '', at: i };
      top.children.push(el);
      if (m[2] !== '/') stack.push(el);
      i = START_TAG.lastIndex;
    } else {
      const next = xml.indexOf('<', i);
      const end = next < 0 ? xml.length : next;
      top.text += decodeReferences(xml.slice(i, end), i);
      i = end;
    }
  }
  if (stack.length > 1) throw new XmlError(xml.length, `unclosed <${(stack[stack.length - 1] as Element).name}>`);
  onlyBlankText(doc);
  if (doc.children.length !== 1) throw new XmlError(xml.length, `expected one root element, found ${doc.children.length}`);
  return doc.children[0] as Element;
}

/** The index just after `terminator`, searched from `start`. */
function skipPast(xml: string, start: number, terminator: string, problem: string): number {
  const end = xml.indexOf(terminator, start + 2);
  if (end < 0) throw new XmlError(start, problem);
  return end + terminator.length;
}

function decodeReferences(text: string, at: number): string {
  return text.replace(/&([^;&<\s]*)(;?)/g, (_whole, ref: string, semi: string, offset: number) => {
    const predefined = PREDEFINED.get(ref);
    if (semi && predefined !== undefined) return predefined;
    const hex = /^#x([0-9a-fA-F]{1,6})$/.exec(ref)?.[1];
    const dec = /^#([0-9]{1,7})$/.exec(ref)?.[1];
    const code = hex !== undefined ? parseInt(hex, 16) : dec !== undefined ? parseInt(dec, 10) : NaN;
    if (!semi || !(code > 0 && code <= 0x10ffff)) throw new XmlError(at + offset, 'invalid entity reference');
    return String.fromCodePoint(code);
  });
}
