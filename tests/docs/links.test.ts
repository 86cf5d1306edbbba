import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../support/local-cloud.ts';

/** The repository's tracked text files, as git knows them. */
const tracked = (...patterns: string[]) =>
  execFileSync('git', ['ls-files', ...patterns], { cwd: ROOT_DIR, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

const anchorsIn = (file: string) =>
  new Set(
    readFileSync(join(ROOT_DIR, file), 'utf8')
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => anchorOf(line.replace(/^#+ /, ''))),
  );

describe('the documentation', () => {
  it('links only to files that exist, and to headings that exist', () => {
    const broken: string[] = [];
    for (const file of tracked('*.md')) {
      const text = readFileSync(join(ROOT_DIR, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (target === undefined || /^[a-z]+:/.test(target)) continue;
        const [path = '', anchor] = target.split('#');
        const resolved = path === '' ? file : relative(ROOT_DIR, join(ROOT_DIR, dirname(file), path));
        if (!existsSync(join(ROOT_DIR, resolved))) broken.push(`${file}: ${target}`);
        else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsIn(resolved).has(anchor)) {
          broken.push(`${file}: ${target} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('is pointed at by code comments through sections of docs/architecture.md that exist', () => {
    const sections = anchorsIn('docs/architecture.md');
    const missing: string[] = [];
    for (const file of tracked('*.ts', '*.mjs', '*.yml', '*.md')) {
      const text = readFileSync(join(ROOT_DIR, file), 'utf8');
      for (const [, anchor] of text.matchAll(/docs\/architecture\.md#([a-z0-9-]+)/g)) {
        if (anchor !== undefined && !sections.has(anchor)) missing.push(`${file}: #${anchor}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('cites nothing that lives outside the repository', () => {
    // Built from parts so this file does not match itself.
    const outside = new RegExp(
      [
        'DESIGN ' + '§',
        'DESIGN' + '\\.md',
        'house ' + 'rule \\d',
        '\\bseed ' + '00\\d',
        '\\d{3}_[0-9a-f]{16}' + '\\.txt',
      ].join('|'),
      'i',
    );
    const offenders = tracked('*.ts', '*.mjs', '*.yml', '*.md', '*.json')
      .filter((file) => !file.startsWith('node_modules/'))
      .flatMap((file) =>
        readFileSync(join(ROOT_DIR, file), 'utf8')
          .split('\n')
          .flatMap((line, index) => (outside.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });
});
