import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import type { FunctionSpec } from '../loader/topology.ts';

/**
 * Bundles every function the way the stacks' `custom.esbuild` settings make `serverless-esbuild`
 * bundle it for a deploy (esbuild, CommonJS, Node 22 target, minified, `@aws-sdk/*` left to the
 * runtime), so the local cloud runs the same artefact shape Lambda runs. One esbuild call per
 * service. The output lives under `<buildRoot>/<instanceId>/`, inside the repository so the SDK
 * resolves from its node_modules as it would from the Lambda runtime, and away from the
 * services' `.esbuild/` folders, which `serverless package` deletes when it finishes.
 */
export async function bundleFunctions(
  functions: readonly FunctionSpec[],
  buildRoot: string,
  instanceId: string,
): Promise<Map<string, string>> {
  const bundles = new Map<string, string>();
  const byService = Map.groupBy(functions, (fn) => fn.serviceDirectory);
  await Promise.all(
    [...byService].map(async ([serviceDirectory, serviceFunctions]) => {
      const outdir = join(buildRoot, instanceId, basename(serviceDirectory));
      rmSync(outdir, { recursive: true, force: true });
      mkdirSync(outdir, { recursive: true });
      await build({
        entryPoints: Object.fromEntries(serviceFunctions.map((fn) => [fn.key, fn.entryPath])),
        outdir,
        bundle: true,
        platform: 'node',
        target: 'node22',
        format: 'cjs',
        outExtension: { '.js': '.cjs' },
        minify: true,
        sourcemap: 'linked',
        external: ['@aws-sdk/*'],
        logLevel: 'silent',
      });
      for (const fn of serviceFunctions) bundles.set(fn.name, join(outdir, `${fn.key}.cjs`));
    }),
  );
  return bundles;
}

/** Removes this instance's bundles, and those of instances that ended without cleaning up (kill -9). */
export function removeBundles(buildRoot: string, instanceId: string): void {
  rmSync(join(buildRoot, instanceId), { recursive: true, force: true });
  if (!existsSync(buildRoot)) return;
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const entry of readdirSync(buildRoot)) {
    const path = join(buildRoot, entry);
    if (statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
  }
}
