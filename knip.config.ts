/**
 * `pnpm lint` runs knip for dead exports: an export nobody imports is removed (or kept unexported when its own
 * file uses it). Scope: every workspace (api/, packages/, web/, test/, migrations/). Entries are what runs
 * on its own: the api's command-line mains and tests; web's `src/main.tsx` (through index.html), its Vite and
 * Vitest configs (found by knip's plugins), unit tests and scripts; test/'s Vitest configs (the nested ones
 * of faults/ and replicas/ listed here), `*.test.ts`, `*.faults.ts`, `*.replicas.ts`, the bench scenarios and
 * the `*.main.ts` runners.
 *
 * The workspace packages resolve through the `source` condition of their `exports` (tsconfig's
 * customConditions); knip's resolver knows only the standard conditions, so the same map is handed to it
 * as import aliases, read from each package.json: one source of truth.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { KnipConfig } from 'knip';

const PACKAGES = ['api', 'packages/contract', 'packages/didit', 'packages/sandbox'];

/** `{"@console/didit/*": ["<root>/packages/didit/src/*.ts"], "api/database": [...]}` from every `source` export. */
function sourceAliases(): Record<string, string[]> {
  const aliases: Record<string, string[]> = {};
  for (const dir of PACKAGES) {
    const manifest = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, dir, 'package.json'), 'utf8'));
    for (const [subpath, target] of Object.entries<{ source?: string }>(manifest.exports ?? {})) {
      if (!target.source) continue;
      const specifier = `${manifest.name}/${subpath.replace(/^\.\//, '')}`;
      aliases[specifier] = [path.join(import.meta.dirname, dir, target.source)];
    }
  }
  return aliases;
}

const paths = sourceAliases();

const config: KnipConfig = {
  // A type or interface that its own file uses (in an exported signature, say) may stay exported.
  ignoreExportsUsedInFile: { interface: true, type: true },
  ignore: ['packages/contract/src/openapi.gen.ts'],
  workspaces: {
    api: {
      entry: ['src/cli/*.main.ts', 'src/**/*.test.ts', 'test/**/*.ts'],
      project: ['src/**/*.ts', 'test/**/*.ts'],
      paths,
    },
    // The packages' `./*` exports make every file an entry; their exports count only when something imports them.
    'packages/contract': {
      entry: ['scripts/*.ts'],
      project: ['src/**/*.ts', 'scripts/**/*.ts'],
      includeEntryExports: true,
      paths,
    },
    'packages/didit': {
      entry: ['src/**/*.test.ts', 'test/**/*.ts', 'src/fixtures/**/*.ts'],
      project: ['src/**/*.ts', 'test/**/*.ts'],
      includeEntryExports: true,
      paths,
    },
    'packages/sandbox': {
      entry: ['src/sandbox.main.ts', 'src/**/*.test.ts', 'test/**/*.ts'],
      project: ['src/**/*.ts', 'test/**/*.ts'],
      includeEntryExports: true,
      paths,
    },
    web: {
      entry: ['src/**/*.test.{ts,tsx}', 'scripts/*.ts'],
      project: ['src/**/*.{ts,tsx}', 'scripts/**/*.ts', '*.config.ts'],
      paths,
    },
    migrations: { entry: ['*.ts'], project: ['*.ts'] },
    test: {
      entry: [
        '*/vitest.config.ts',
        '**/*.test.ts',
        '**/*.faults.ts',
        '**/*.replicas.ts',
        '**/*.main.ts',
        'bench/*.ts',
      ],
      project: ['**/*.ts'],
      paths,
    },
  },
};

export default config;
