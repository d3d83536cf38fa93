// Maps a path in a parsed YAML document (['personas','wei','class']) back to a line and column in the
// source, so every diagnostic points at the text a person has to change. A leaf (it imports only
// `yaml`): both the scenario language and the sandbox's fixture language use it, and neither imports the
// other. Two identical copies, src/yaml/ and packages/sandbox/src/yaml/ (the sandbox is its own package,
// optional for the harness); test/boundaries.test.ts keeps them equal: edit both.
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Document, type Node, type Pair } from "yaml";

export type Path = readonly (string | number)[];

export class SourceMap {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Position of the value at `path`, or of the nearest existing ancestor. */
  position(path: Path, opts: { key?: boolean } = {}): { line: number; column: number } {
    let node: unknown = this.doc.contents;
    let best: { range?: [number, number, number] | null } | undefined = node as Node;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i];
      if (isMap(node)) {
        const pair = (node.items as Pair[]).find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
        if (!pair) break;
        const last = i === path.length - 1;
        if (last && opts.key && pair.key && (pair.key as Node).range) {
          best = pair.key as Node;
          break;
        }
        node = pair.value;
        best = (pair.value as Node)?.range ? (pair.value as Node) : ((pair.key as Node) ?? best);
      } else if (isSeq(node) && typeof seg === "number") {
        node = node.items[seg];
        if (!node) break;
        best = node as Node;
      } else break;
    }
    const offset = best?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  /** The text a scalar at `path` was written as (`00002` for what YAML reads as the number 2), if it is one. */
  source(path: Path): string | undefined {
    let node: unknown = this.doc.contents;
    // An alias stands for its anchor's node, whose text is what YAML read.
    const deref = (n: unknown): unknown => (isAlias(n) ? n.resolve(this.doc) : n);
    for (const seg of path) {
      node = deref(node);
      if (isMap(node))
        node = (node.items as Pair[]).find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg)?.value;
      else if (isSeq(node) && typeof seg === "number") node = node.items[seg];
      else return undefined;
    }
    node = deref(node);
    return isScalar(node) ? node.source : undefined;
  }

  /** Position of an unknown key inside the map at `path`. */
  keyPosition(path: Path, key: string): { line: number; column: number } {
    return this.position([...path, key], { key: true });
  }

  offsetPosition(offset: number): { line: number; column: number } {
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }
}
