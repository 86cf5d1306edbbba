import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the shared kernel’s test doubles', () => {
  it('are imported by tests only, never by a module that ships', () => {
    const shipped = execFileSync('git', ['ls-files', '*.ts'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((file) => file !== '' && !/\.test\.ts$|(^|\/)test\/|^tests\/|testing\.ts$/.test(file));
    const importers = shipped.filter((file) =>
      /from '(@shop\/shared\/testing|\.\/testing\.ts)'/.test(readFileSync(join(ROOT, file), 'utf8')),
    );
    expect(shipped.length).toBeGreaterThan(100);
    expect(importers).toEqual([]);
  });
});
