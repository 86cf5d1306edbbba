import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findForbiddenImports } from './domain-import-guard.ts';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

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
