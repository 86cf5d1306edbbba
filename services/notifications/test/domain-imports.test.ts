/**
 * House rule 3: the domain imports nothing from AWS. This test reads the imports of every
 * module under `src/domain/` (with the TypeScript parser, not a regex) and follows their value
 * imports into this service and the workspace packages, so a domain module cannot reach
 * `@aws-sdk/*`, `aws-lambda`, Powertools or middy directly or through a barrel it imports.
 * Type-only imports are erased at build time, so only the domain's own may not name AWS.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const FORBIDDEN = [/^@aws-sdk\//, /^aws-lambda$/, /^@aws-lambda-powertools\//, /^@middy\//];
const serviceRoot = path.resolve(import.meta.dirname, '..');
const repoRoot = path.resolve(serviceRoot, '../..');
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
function findForbiddenImports(entries: readonly string[]): string[] {
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

function domainModules(): string[] {
  const folder = path.join(serviceRoot, 'src/domain');
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => path.join(folder, name));
}

describe('the notifications domain', () => {
  it('reaches no AWS SDK, aws-lambda, Powertools or middy module, directly or through what it imports', () => {
    const modules = domainModules();

    expect(modules.length).toBeGreaterThan(4);
    expect(findForbiddenImports(modules)).toEqual([]);
  });
});

describe('findForbiddenImports', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'domain-imports-'));
  const write = (name: string, text: string): string => {
    const file = path.join(scratch, name);
    writeFileSync(file, text);
    return file;
  };

  it('reports a domain module that imports the AWS SDK, even for types only', () => {
    const file = write('direct.ts', "import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';\n");

    expect(findForbiddenImports([file])).toEqual([`${path.relative(repoRoot, file)} -> @aws-sdk/client-dynamodb`]);
  });

  it('reports a forbidden package reached through a value import of another module', () => {
    write('helper.ts', "import middy from '@middy/core';\nexport const wrap = middy;\n");
    const file = write('indirect.ts', "import { wrap } from './helper.ts';\nexport const x = wrap;\n");

    expect(findForbiddenImports([file])).toHaveLength(1);
  });

  it('reports the shared barrel, which re-exports Powertools-based modules', () => {
    const file = write('barrel.ts', "import { requireEnv } from '@shop/shared';\nexport const x = requireEnv;\n");

    expect(findForbiddenImports([file]).length).toBeGreaterThan(0);
  });

  it('allows a type-only import of a module that itself uses AWS', () => {
    const file = write(
      'types.ts',
      "import type { EventPublisher } from '@shop/shared/publisher';\nexport type P = EventPublisher;\n",
    );

    expect(findForbiddenImports([file])).toEqual([]);
  });
});
