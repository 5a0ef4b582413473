import { parse, type DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
export type Element = DefaultTreeAdapterMap['element'];

/**
 * An HTML document as the HTML standard's parser reads it (parse5), with every parse error it
 * reports: a document that parses without one is valid as far as its syntax goes.
 */
export function parseHtml(html: string): { document: DefaultTreeAdapterMap['document']; errors: string[] } {
  const errors: string[] = [];
  const document = parse(html, {
    sourceCodeLocationInfo: true,
    onParseError: (error) => errors.push(`${error.code} at line ${error.startLine}, column ${error.startCol}`),
  });
  return { document, errors };
}

export function* elements(node: Node): Generator<Element> {
  if ('tagName' in node) yield node;
  const children = 'childNodes' in node ? node.childNodes : [];
  for (const child of children) yield* elements(child);
  if ('content' in node && node.content) yield* elements(node.content);
}

/** The text an element holds, entities decoded, as a reader sees it. */
export function textOf(node: Node): string {
  if (node.nodeName === '#text' && 'value' in node) return node.value;
  const children = 'childNodes' in node ? node.childNodes : [];
  return children.map(textOf).join('');
}

export function attribute(element: Element, name: string): string | undefined {
  return element.attrs.find((attr) => attr.name === name)?.value;
}

/** Elements by tag name and, optionally, a class they carry. */
export function select(root: Node, tagName: string, className?: string): Element[] {
  return [...elements(root)].filter(
    (element) =>
      element.tagName === tagName &&
      (className === undefined || (attribute(element, 'class') ?? '').split(/\s+/).includes(className)),
  );
}
