import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface CloudFormationTemplate {
  readonly Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  readonly Outputs?: Record<string, { Value: unknown; Export?: { Name: unknown } }>;
}

/**
 * Runs `serverless package` (osls) for one stack, offline, into a temporary folder, and returns
 * the CloudFormation it generated. Wrapped in `timeout` because serverless-esbuild never exits
 * when esbuild cannot resolve an import (docs/architecture.md#packaging).
 */
export async function packageStack(stackDir: string, stage = 'ci'): Promise<CloudFormationTemplate> {
  const out = mkdtempSync(join(tmpdir(), 'sls-package-'));
  const serverless = join(stackDir.replace(/\/services\/[^/]+$/, ''), 'node_modules', '.bin', 'serverless');
  await run('timeout', ['180', serverless, 'package', '--stage', stage, '--region', 'eu-west-1', '--package', out], {
    cwd: stackDir,
    env: {
      ...process.env,
      SLS_TELEMETRY_DISABLED: '1',
      SLS_NOTIFICATIONS_MODE: 'off',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'x',
    },
    maxBuffer: 10 * 1024 * 1024,
  });
  return JSON.parse(
    readFileSync(join(out, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as CloudFormationTemplate;
}

export function resourcesOfType(template: CloudFormationTemplate, type: string) {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}
