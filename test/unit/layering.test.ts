import { readFileSync, globSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

interface Import {
  readonly from: string;
  readonly to: string;
}

// Every relative import of the sources, file to file (type-only imports count: they tie folders too).
function sourceImports(): Import[] {
  return globSync('src/**/*.ts').flatMap((file) =>
    ts
      .preProcessFile(readFileSync(file, 'utf8'), true, true)
      .importedFiles.filter((imported) => imported.fileName.startsWith('.'))
      .map((imported) => ({ from: file, to: normalize(join(dirname(file), imported.fileName)).replace(/\.js$/, '.ts') })),
  );
}

const isWithin = (folder: string, other: string) => other === folder || other.startsWith(`${folder}/`);

// Folder edges; a folder may import its own sub-folders (it assembles them, as a registry its dialects).
function folderEdges(imports: readonly Import[]): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of imports) {
    const [a, b] = [dirname(from), dirname(to)];
    if (a === b || isWithin(a, b)) continue;
    edges.set(a, (edges.get(a) ?? new Set()).add(b));
  }
  return edges;
}

// Strongly connected groups of more than one folder (Tarjan).
function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      group.push(member);
      if (member === node) break;
    }
    if (group.length > 1) found.push(group.sort());
  };
  for (const node of edges.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('source layering', () => {
  const imports = sourceImports();

  it('has no import cycle between folders', () => {
    const edges = folderEdges(imports);
    const described = cycles(edges).map((group) =>
      group.flatMap((folder) => imports.filter((i) => dirname(i.from) === folder && group.includes(dirname(i.to)) && dirname(i.to) !== folder).map((i) => `${i.from} -> ${i.to}`)),
    );
    expect(described).toEqual([]);
  });

  it('keeps the pure graph and decisions free of I/O and of every other layer', () => {
    const core = 'src/version-guard/core';
    const outward = imports.filter((i) => isWithin(core, i.from) && !isWithin(core, i.to));
    expect(outward).toEqual([]);
    const io = globSync(`${core}/**/*.ts`).filter((file) => /from '(node:|better-sqlite3|mysql2|pg)/.test(readFileSync(file, 'utf8')));
    expect(io).toEqual([]);
  });

  it('lets only the Nest module layer and the app import the Nest module layer', () => {
    const nest = 'src/version-guard/nest';
    const lower = ['src/version-guard/core', 'src/version-guard/engine', 'src/version-guard/dialects'];
    const upward = imports.filter((i) => isWithin(nest, i.to) && lower.some((folder) => isWithin(folder, i.from)));
    expect(upward).toEqual([]);
  });
});
