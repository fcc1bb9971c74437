import { XMLParser, XMLValidator } from "fast-xml-parser";

/** fast-xml-parser `preserveOrder` node: `{tag: children, ":@": attrs}` or `{"#text": value}`. */
export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
    removeNSPrefix: true,
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: true,
    htmlEntities: true
});

/** Parses XML keeping mixed-content order; throws an Error with line/column when the XML is not well formed. */
export function parseXmlOrdered(xml: string): XmlNode[] {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) throw new Error(`invalid XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
    return parser.parse(xml) as XmlNode[];
}

export function tagOf(node: XmlNode): string | undefined {
    for (const key of Object.keys(node)) if (key !== ":@") return key;
    return undefined;
}

export function childrenOf(node: XmlNode): XmlNode[] {
    const tag = tagOf(node);
    if (tag === undefined || tag === "#text") return [];
    const value = node[tag];
    return Array.isArray(value) ? (value as XmlNode[]) : [];
}

export function attr(node: XmlNode, name: string): string | undefined {
    const attrs = node[":@"] as Record<string, unknown> | undefined;
    const v = attrs?.[name];
    return v === undefined ? undefined : String(v);
}

export function isText(node: XmlNode): boolean {
    return Object.hasOwn(node, "#text");
}

export function textValue(node: XmlNode): string {
    return String(node["#text"] ?? "");
}

/** All text below a node, in document order. */
export function textContent(node: XmlNode): string {
    if (isText(node)) return textValue(node);
    let out = "";
    for (const child of childrenOf(node)) out += textContent(child);
    return out;
}

export function findChild(nodes: readonly XmlNode[], tag: string): XmlNode | undefined {
    return nodes.find((n) => tagOf(n) === tag);
}

export function findChildren(nodes: readonly XmlNode[], tag: string): XmlNode[] {
    return nodes.filter((n) => tagOf(n) === tag);
}

/** Depth-first search for descendants with `tag`. */
export function findAll(nodes: readonly XmlNode[], tag: string, out: XmlNode[] = []): XmlNode[] {
    for (const n of nodes) {
        if (tagOf(n) === tag) out.push(n);
        findAll(childrenOf(n), tag, out);
    }
    return out;
}

/** Follows a path of child tags from `nodes`. */
export function pathFind(nodes: readonly XmlNode[], ...tags: string[]): XmlNode | undefined {
    let current: readonly XmlNode[] = nodes;
    let found: XmlNode | undefined;
    for (const tag of tags) {
        found = findChild(current, tag);
        if (found === undefined) return undefined;
        current = childrenOf(found);
    }
    return found;
}
