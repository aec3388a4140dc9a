/**
 * Reading XML feeds (arXiv API Atom, arXiv RSS/Atom listings, OAI-PMH) with fast-xml-parser, the same way for all:
 * namespace prefixes dropped (the local names of the vocabularies we read do not collide), every value kept as a
 * string (ids such as `1111.2011` must not become numbers), and only what XML itself defines decoded.
 */
import { XMLParser, XMLValidator, type EntityDecoderOptions } from 'fast-xml-parser';
import { FeedError } from './feedError';

export type XmlNode = Record<string, unknown>;

const XML_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes what XML itself defines, in one pass: the five predefined entities and numeric character references
 * (`&#233;`, `&#xE9;`; fast-xml-parser's own decoder leaves those alone unless HTML entities are switched on).
 * Entities declared in a DOCTYPE are left as written: feeds never declare any, and expanding them is how
 * "billion laughs" documents blow up.
 */
const xmlEntityDecoder: EntityDecoderOptions = {
  setExternalEntities: () => undefined,
  addInputEntities: () => undefined,
  reset: () => undefined,
  setXmlVersion: () => undefined,
  decode: (value) =>
    value.includes('&')
      ? value.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|(lt|gt|amp|quot|apos));/g, (match, dec?: string, hex?: string, name?: string) => {
          if (name !== undefined) return XML_ENTITIES[name] ?? match;
          const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
          const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
          return valid ? String.fromCodePoint(code) : '\uFFFD';
        })
      : value,
};

/** A parser whose elements named in `repeated` are always arrays. */
export function makeXmlParser(repeated: ReadonlySet<string>): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    entityDecoder: xmlEntityDecoder,
    isArray: (name) => repeated.has(name),
  });
}

/** Checks and parses `xml`; a broken document is a FeedError naming `what` ("The arXiv feed"). */
export function parseXml(xml: string, repeated: ReadonlySet<string>, what: string): unknown {
  let check: ReturnType<typeof XMLValidator.validate>;
  try {
    check = XMLValidator.validate(xml);
  } catch (error) {
    throw new FeedError('malformed', `${what} could not be checked as XML (${error instanceof Error ? error.message : 'validator error'}).`);
  }
  if (check !== true) {
    const { msg, line, col } = check.err;
    throw new FeedError('malformed', `${what} is not well-formed XML (line ${line}, column ${col}: ${msg}).`);
  }
  try {
    return makeXmlParser(repeated).parse(xml);
  } catch (error) {
    throw new FeedError('malformed', `${what} could not be read as XML (${error instanceof Error ? error.message : 'parse error'}).`);
  }
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first value of a child that may repeat. */
export function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

export function all(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of an element (`<x>text</x>` or `<x a="1">text</x>`); markup inside is ignored. */
export function text(value: unknown): string {
  const node = first(value);
  if (typeof node === 'string') return node;
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (isNode(node)) {
    const inner = node['#text'];
    return typeof inner === 'string' || typeof inner === 'number' ? String(inner) : '';
  }
  return '';
}

export function attr(value: unknown, name: string): string | undefined {
  const node = first(value);
  if (!isNode(node)) return undefined;
  const v = node[`@${name}`];
  return typeof v === 'string' ? v : undefined;
}

/** Skips the XML declaration, comments, processing instructions and a doctype to reach the root element. */
export function stripProlog(head: string): string {
  let rest = head.trimStart();
  for (let guard = 0; guard < 50; guard++) {
    const next = rest.replace(/^(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)\s*/i, '');
    if (next === rest) break;
    rest = next;
  }
  return rest;
}

/** The local name of the root element (`feed`, `rss`, `OAI-PMH`), or undefined when there is none. */
export function rootName(head: string): string | undefined {
  const m = /^<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]/.exec(stripProlog(head));
  return m?.[1];
}
