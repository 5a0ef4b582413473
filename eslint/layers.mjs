// The layers of the code base and what each may import, checked on every import by lint, in the
// manner of VS Code's code-import-patterns rule. README.md's "Layout" section states the same table.
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** Packages and Node modules that reach the operating system, SQL Server or a process. */
const OUTSIDE_WORLD = [
  'node:child_process',
  'node:net',
  'node:http',
  'node:https',
  'node:dgram',
  'node:os',
  'mssql',
  'mssql/msnodesqlv8',
  'node-powershell',
  'node-pty',
  '@napi-rs/keyring',
  'electron',
];
const FILES = ['node:fs', 'node:fs/promises'];

/**
 * Each layer, by folder, with the folders it may import from (its own always) and the packages
 * it may not. The most specific folder that holds a file is its layer.
 */
export const LAYERS = [
  { folder: 'src/shared', may: [], packages: { deny: [...OUTSIDE_WORLD, ...FILES, 'node:crypto', 'node:path'] } },
  {
    folder: 'src/renderer',
    may: ['src/shared'],
    packages: { deny: [...OUTSIDE_WORLD, ...FILES, 'node:path', 'node:crypto'] },
  },
  {
    folder: 'src/preload',
    may: ['src/shared'],
    packages: { deny: [...OUTSIDE_WORLD.filter((p) => p !== 'electron'), ...FILES] },
  },
  { folder: 'src/main/knowledge', may: ['src/shared'], packages: { deny: [...OUTSIDE_WORLD, ...FILES] } },
  { folder: 'src/main/host', may: ['src/main/knowledge', 'src/shared'], packages: { deny: [] } },
  {
    folder: 'src/main/host/windows',
    may: ['src/main/host', 'src/main/knowledge', 'src/shared'],
    packages: { deny: [] },
  },
  { folder: 'src/main/host/drill', may: ['src/main/host', 'src/main/knowledge', 'src/shared'], packages: { deny: [] } },
  {
    folder: 'src/main/host/keychain',
    may: ['src/main/host', 'src/main/knowledge', 'src/shared'],
    packages: { deny: [] },
  },
  {
    folder: 'src/main/engine',
    may: ['src/main/host', 'src/main/knowledge', 'src/shared'],
    packages: { deny: OUTSIDE_WORLD },
  },
  {
    folder: 'src/main/reports',
    may: ['src/main/engine', 'src/shared'],
    packages: { deny: [...OUTSIDE_WORLD, ...FILES] },
  },
  {
    folder: 'src/main/procedures',
    may: ['src/main/engine', 'src/main/host', 'src/main/knowledge', 'src/shared'],
    packages: { deny: [...OUTSIDE_WORLD, ...FILES] },
  },
  {
    folder: 'src/main/app',
    may: [
      'src/main/procedures',
      'src/main/reports',
      'src/main/engine',
      'src/main/host',
      'src/main/host/drill',
      'src/main/host/keychain',
      'src/main/knowledge',
      'src/shared',
    ],
    packages: { deny: [] },
  },
  {
    folder: 'src/main/electron',
    may: ['src/main/app', 'src/main/host/windows', 'src/main/host', 'src/shared'],
    packages: { deny: [] },
  },
  { folder: 'src/main/browser-host', may: ['src/main/app', 'src/shared'], packages: { deny: [] } },
];

/** A file's layer is the most specific layer folder holding it: host/'s own files are the interfaces, its subfolders the implementations. */
function layerOf(path) {
  return LAYERS.filter((layer) => path === layer.folder || path.startsWith(`${layer.folder}/`)).sort(
    (a, b) => b.folder.length - a.folder.length,
  )[0];
}

function resolveImport(fromFile, spec) {
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, base]) {
    if (existsSync(candidate)) return relative(root, candidate).split('\\').join('/');
  }
  return relative(root, base).split('\\').join('/');
}

const importLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only the layers below it (README.md, "Layout").' },
    schema: [],
    messages: {
      layer: '{{from}} may not import {{target}}: {{layer}} may import only {{allowed}}.',
      package: '{{from}} may not import {{target}}: {{layer}} does not reach the outside world that way.',
    },
  },
  create(context) {
    const file = relative(root, context.filename).split('\\').join('/');
    const layer = layerOf(file);
    if (!layer) return {};
    const check = (node, spec) => {
      if (typeof spec !== 'string') return;
      if (!spec.startsWith('.')) {
        if (layer.packages.deny.includes(spec)) {
          context.report({ node, messageId: 'package', data: { from: file, target: spec, layer: layer.folder } });
        }
        return;
      }
      const target = resolveImport(context.filename, spec);
      const targetLayer = layerOf(target);
      if (!targetLayer || targetLayer === layer) return;
      if (!layer.may.includes(targetLayer.folder)) {
        context.report({
          node,
          messageId: 'layer',
          data: { from: file, target, layer: layer.folder, allowed: [layer.folder, ...layer.may].join(', ') },
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export const layersPlugin = { rules: { 'import-layers': importLayers } };
