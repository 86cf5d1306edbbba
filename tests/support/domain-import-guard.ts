/**
 * The domain imports nothing from AWS (docs/architecture.md#code-rules). This reads the imports of every module
 * under a service's `src/domain/` (with the TypeScript parser, not a regex) and follows their
 * value imports into the service and the workspace packages, so a domain module cannot reach
 * `@aws-sdk/*`, `aws-lambda`, Powertools or middy directly or through a barrel it imports.
 * Type-only imports are erased at build time, so only the domain's own may not name AWS.
 * Each service runs it from `test/domain-imports.test.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const FORBIDDEN = [/^@aws-sdk\//, /^aws-lambda$/, /^@aws-lambda-powertools\//, /^@middy\//];
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const workspacePackages: Record<string, string> = { '@shop/shared': 'shared/src', '@shop/events': 'events/src' };

interface ImportReference {
  specifier: string;
  typeOnly: boolean;
}

function importsOf(file: string): ImportReference[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const references: ImportReference[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypeNames =
        clause !== undefined &&
        clause.name === undefined &&
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.every((element) => element.isTypeOnly);
      references.push({ specifier: node.moduleSpecifier.text, typeOnly: Boolean(clause?.isTypeOnly) || onlyTypeNames });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      references.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      references.push({ specifier: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return references;
}

/** The file a specifier names inside this repository, or undefined for an npm package or a JSON file. */
function resolveInRepo(specifier: string, fromFile: string): string | undefined {
  if (specifier.endsWith('.json')) return undefined;
  if (specifier.startsWith('.')) return path.resolve(path.dirname(fromFile), specifier);
  for (const [name, folder] of Object.entries(workspacePackages)) {
    if (specifier === name) return path.join(repoRoot, folder, 'index.ts');
    if (specifier.startsWith(`${name}/`)) return path.join(repoRoot, folder, `${specifier.slice(name.length + 1)}.ts`);
  }
  return undefined;
}

/** Every path by which `entries` reach a forbidden package, as `a.ts -> b.ts -> @aws-sdk/x`. */
export function findForbiddenImports(entries: readonly string[]): string[] {
  const violations: string[] = [];
  const queue = entries.map((file) => ({ file, trail: [path.relative(repoRoot, file)], direct: true }));
  const seen = new Set<string>();
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (seen.has(next.file)) continue;
    seen.add(next.file);
    for (const { specifier, typeOnly } of importsOf(next.file)) {
      if (FORBIDDEN.some((pattern) => pattern.test(specifier)) && (next.direct || !typeOnly)) {
        violations.push([...next.trail, specifier].join(' -> '));
        continue;
      }
      const target = typeOnly ? undefined : resolveInRepo(specifier, next.file);
      if (target !== undefined) {
        queue.push({ file: target, trail: [...next.trail, path.relative(repoRoot, target)], direct: false });
      }
    }
  }
  return violations;
}

export function domainModules(serviceRoot: string): string[] {
  const folder = path.join(serviceRoot, 'src/domain');
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => path.join(folder, name));
}

/** Registers the guard's test for one service (`serviceRoot` holds `src/domain/`). */
export function describeDomainImportGuard(serviceName: string, serviceRoot: string): void {
  describe(`the ${serviceName} domain`, () => {
    it('reaches no AWS SDK, aws-lambda, Powertools or middy module, directly or through what it imports', () => {
      const modules = domainModules(serviceRoot);

      expect(modules.length).toBeGreaterThan(2);
      expect(findForbiddenImports(modules)).toEqual([]);
    });
  });
}
