import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { FunctionSpec } from '@shop/topology/topology';
import { type BuildOptions, build, version as esbuildVersion } from 'esbuild';

/** What a service's bundles were built from: every input file esbuild read (its metafile). */
interface BuildManifest {
  readonly inputs: readonly string[];
}

const CACHE = 'cache';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Bundles every function the way the stacks' `custom.esbuild` settings make `serverless-esbuild`
 * bundle it for a deploy (esbuild, CommonJS, Node 22 target, minified, `@aws-sdk/*` left to the
 * runtime), so the local cloud runs the same artefact shape Lambda runs. One esbuild call per
 * service. The output lives under `<buildRoot>/cache/`, inside the repository so the SDK resolves
 * from its node_modules as it would from the Lambda runtime, and away from the services' `.esbuild/`
 * folders, which `serverless package` deletes when it finishes.
 *
 * A service's bundles are kept by what they were built from (esbuild's version and options, the
 * entry points, and the content of every file esbuild read, from its metafile): a start whose
 * sources did not change reuses them instead of building again, at the same paths, so the
 * functions' compile cache stays warm too. A changed file builds into a new folder; a folder in
 * use by another running cloud is never rewritten.
 */
export async function bundleFunctions(
  functions: readonly FunctionSpec[],
  buildRoot: string,
): Promise<Map<string, string>> {
  const bundles = new Map<string, string>();
  const byService = Map.groupBy(functions, (fn) => fn.serviceDirectory);
  await Promise.all(
    [...byService].map(async ([serviceDirectory, serviceFunctions]) => {
      const options: BuildOptions = {
        entryPoints: Object.fromEntries(serviceFunctions.map((fn) => [fn.key, fn.entryPath])),
        bundle: true,
        platform: 'node',
        target: 'node22',
        format: 'cjs',
        outExtension: { '.js': '.cjs' },
        minify: true,
        sourcemap: 'linked',
        sourcesContent: false,
        external: ['@aws-sdk/*'],
        logLevel: 'silent',
      };
      const recipe = hash(JSON.stringify({ esbuildVersion, options }));
      const serviceCache = join(buildRoot, CACHE, `${basename(serviceDirectory)}-${recipe.slice(0, 12)}`);
      const outdir = reusableBuild(serviceCache) ?? (await buildInto(serviceCache, options));
      for (const fn of serviceFunctions) bundles.set(fn.name, join(outdir, `${fn.key}.cjs`));
    }),
  );
  return bundles;
}

/** The folder of the last build of this recipe if no input changed since, touched as used. */
function reusableBuild(serviceCache: string): string | undefined {
  try {
    const latest = readFileSync(join(serviceCache, 'latest'), 'utf8').trim();
    const outdir = join(serviceCache, latest);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as BuildManifest;
    if (inputsHash(manifest.inputs) !== latest) return undefined;
    const now = new Date();
    utimesSync(outdir, now, now);
    return outdir;
  } catch {
    return undefined;
  }
}

/** Builds into a fresh folder named by its inputs, then publishes it as the latest build. */
async function buildInto(serviceCache: string, options: BuildOptions): Promise<string> {
  mkdirSync(serviceCache, { recursive: true });
  const staging = join(serviceCache, `.staging-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const result = await build({ ...options, outdir: staging, metafile: true, absWorkingDir: process.cwd() });
  const files = Object.keys(result.metafile.inputs).map((input) => resolve(process.cwd(), input));
  const inputs = inputsHash(files);
  const manifest: BuildManifest = { inputs: files };
  writeFileSync(join(staging, 'manifest.json'), JSON.stringify(manifest));
  const outdir = join(serviceCache, inputs);
  try {
    renameSync(staging, outdir);
  } catch {
    // Another cloud built the same inputs first: its folder is identical.
    rmSync(staging, { recursive: true, force: true });
  }
  const pointer = join(serviceCache, `.latest-${process.pid}`);
  writeFileSync(pointer, inputs);
  renameSync(pointer, join(serviceCache, 'latest'));
  return outdir;
}

/** One hash over the paths and contents of the input files (a missing file hashes as missing). */
function inputsHash(files: readonly string[]): string {
  const digest = createHash('sha256');
  for (const file of [...files].sort()) digest.update(`${file}\0${fileHash(file)}\0`);
  return digest.digest('hex').slice(0, 16);
}

function fileHash(file: string): string {
  try {
    return hash(readFileSync(file));
  } catch {
    return 'missing';
  }
}

const hash = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * Removes the builds no start has used for a day (each start touches the builds it uses), and
 * the per-instance folders of earlier versions of the local cloud.
 */
export function removeStaleBundles(buildRoot: string): void {
  if (!existsSync(buildRoot)) return;
  const dayAgo = Date.now() - DAY_MS;
  const stale = (path: string) => statSync(path).mtimeMs < dayAgo;
  for (const entry of readdirSync(buildRoot)) {
    const path = join(buildRoot, entry);
    if (entry !== CACHE) {
      if (stale(path)) rmSync(path, { recursive: true, force: true });
      continue;
    }
    for (const service of readdirSync(path)) {
      const serviceCache = join(path, service);
      for (const build of readdirSync(serviceCache)) {
        const buildPath = join(serviceCache, build);
        if (build !== 'latest' && stale(buildPath)) rmSync(buildPath, { recursive: true, force: true });
      }
    }
  }
}
