/**
 * Bundles the dashboard's front end (src/dashboard/web, TypeScript + uPlot) with esbuild into
 * `dist-web/` at the repository root: app.js, app.css and index.html. No CDN: everything the page
 * loads comes from the server. The server rebuilds at start when the bundle is missing or older
 * than any source; `npm run build:web` runs it by hand.
 */
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { build } from 'esbuild';

export const WEB_SOURCE_DIR = fileURLToPath(new URL('./web/', import.meta.url));
export const WEB_DIST_DIR = fileURLToPath(new URL('../../dist-web/', import.meta.url));

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestMtime(path) : (await stat(path)).mtimeMs);
  }
  return newest;
}

async function mtimeOf(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs;
  } catch {
    return null;
  }
}

/** True when dist-web lacks a file or is older than a source file (or this script). */
export async function webBundleStale(outDir = WEB_DIST_DIR): Promise<boolean> {
  const outputs = await Promise.all(['app.js', 'app.css', 'index.html'].map((f) => mtimeOf(join(outDir, f))));
  if (outputs.some((t) => t === null)) return true;
  const oldest = Math.min(...(outputs as number[]));
  const self = (await mtimeOf(fileURLToPath(import.meta.url))) ?? 0;
  return Math.max(await newestMtime(WEB_SOURCE_DIR), self) > oldest;
}

/** Bundles the front end into `outDir` (minified, with source maps). */
export async function buildWeb(outDir = WEB_DIST_DIR): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(WEB_SOURCE_DIR, 'main.ts') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    outdir: outDir,
    minify: true,
    sourcemap: true,
    logLevel: 'silent',
    legalComments: 'linked',
  });
  await copyFile(join(WEB_SOURCE_DIR, 'index.html'), join(outDir, 'index.html'));
}

/** Rebuilds only when stale; returns whether it built. */
export async function ensureWebBundle(outDir = WEB_DIST_DIR): Promise<boolean> {
  if (!(await webBundleStale(outDir))) return false;
  await buildWeb(outDir);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildWeb();
  process.stdout.write(`dashboard front end built into ${WEB_DIST_DIR}\n`);
}
