import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LocalCloud } from './cloud.ts';

/** What `npm start` prints once everything is up: what was loaded, where it listens, what to try. */
export function formatStartup(
  cloud: LocalCloud,
  elapsedMs: number,
  demo?: { readonly user: string; readonly idToken: string; readonly expiresIn: number },
): string {
  const { topology } = cloud;
  const lines: string[] = [];
  const section = (title: string) => lines.push('', `  ${title}`);
  lines.push(
    `\nThe shop runs locally (stage '${topology.stage}', region ${topology.region}), ready in ${(elapsedMs / 1000).toFixed(1)} s`,
  );
  section(`Stacks (${topology.stacks.length})`);
  for (const stack of topology.stacks) {
    const functions = topology.functions.filter((fn) => fn.stackName === stack.stackName).map((fn) => fn.key);
    lines.push(
      `    ${stack.stackName.padEnd(26)} ${relative(process.cwd(), stack.configPath) || stack.configPath}  ${functions.length ? `functions: ${functions.join(', ')}` : ''}`,
    );
  }
  section(
    `Console  ${cloud.consoleUrl}   (the architecture live, each order's timeline, queues, alarms, mailbox, catalog, switches)`,
  );
  section(`HTTP API  ${cloud.httpApiUrl}`);
  for (const route of topology.httpRoutes)
    lines.push(`    ${route.method.padEnd(6)} ${route.path.padEnd(22)} -> ${route.functionName}`);
  section(`Event rules (${topology.rules.length})`);
  for (const rule of topology.rules) {
    const trigger = rule.scheduleExpression ?? JSON.stringify(rule.eventPattern);
    lines.push(`    ${rule.name.padEnd(44)} on ${rule.busName.padEnd(12)} ${trigger}`);
    for (const target of rule.targets) lines.push(`      -> ${target.arn}`);
  }
  section(`Queues (${topology.queues.length})`);
  for (const queue of topology.queues) {
    const redrive = queue.attributes.RedrivePolicy ? JSON.parse(queue.attributes.RedrivePolicy) : undefined;
    lines.push(`    ${queue.url}${redrive ? `  (DLQ after ${redrive.maxReceiveCount} receives)` : ''}`);
  }
  if (topology.stateMachines.length > 0) {
    section(`State machines (${topology.stateMachines.length})`);
    for (const machine of topology.stateMachines) lines.push(`    ${machine.name} (${machine.type})`);
  }
  if (topology.pipes.length > 0) {
    section(`Pipes (${topology.pipes.length})`);
    for (const pipe of topology.pipes) {
      const { Source, Enrichment, Target } = pipe.properties as Record<string, string | undefined>;
      lines.push(
        `    ${pipe.name}: ${Source?.split(':').pop()} -> ${Enrichment ? `${Enrichment.split(':').pop()} -> ` : ''}${Target?.split(':').pop()}`,
      );
    }
  }
  const alarms = cloud.cloudWatch.alarms.list();
  const count = (namespace: string, metric?: string) =>
    topology.alarms.filter(
      (alarm) =>
        alarm.definition.Namespace === namespace && (metric === undefined || alarm.definition.MetricName === metric),
    ).length;
  const onQueues = count('AWS/SQS', 'ApproximateNumberOfMessagesVisible');
  const onFunctions = count('AWS/Lambda');
  section(
    `CloudWatch alarms (${topology.alarms.length}: ${onQueues} on dead-letter queues, ${onFunctions} on function errors and throttles, ${topology.alarms.length - onQueues - onFunctions} more)`,
  );
  const scale = cloud.cloudWatch.timeScale;
  if (scale !== 1) {
    lines.push(
      `    LOCAL TIMING: alarm periods and the AWS/SQS samples run ${scale} times faster than on AWS (a 60 s period lasts ${(60 / scale).toFixed(1)} s here)`,
    );
  }
  const states = new Map<string, number>();
  for (const alarm of alarms) states.set(alarm.state, (states.get(alarm.state) ?? 0) + 1);
  lines.push(
    `    now: ${[...states].map(([state, n]) => `${n} ${state}`).join(', ')}; state changes mail the operators`,
  );
  for (const alarm of alarms.filter((candidate) => candidate.state === 'ALARM')) lines.push(`    ALARM  ${alarm.name}`);
  section(`Tables (${topology.tables.length})`);
  lines.push(`    ${topology.tables.map((table) => String(table.properties.TableName)).join(', ')}`);
  if (cloud.deployed.length > 0) {
    section('Deploy-time steps run now');
    for (const step of cloud.deployed) lines.push(`    ${step.stack} ${step.logicalId}: ${step.action}`);
  }
  section('AWS endpoint (SDK v3 and the AWS CLI)');
  lines.push(
    `    export AWS_ENDPOINT_URL=${cloud.edgeUrl} AWS_REGION=${topology.region} AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local`,
  );
  lines.push(`    State: ${cloud.dataDir} (kept across restarts; npm start -- --reset starts clean)`);
  section('Try it');
  const bearer = (route: (typeof topology.httpRoutes)[number]) =>
    route.authorizer && demo ? ` -H 'authorization: Bearer ${demo.idToken}'` : '';
  if (demo) {
    lines.push(
      `    (as the demo customer '${demo.user}', whose token is valid ${Math.round(demo.expiresIn / 60)} minutes; npm run token -- <name> prints a new one)`,
    );
  }
  for (const route of topology.httpRoutes.filter((candidate) => candidate.method === 'POST')) {
    const fn = topology.functions.find((candidate) => candidate.name === route.functionName);
    // Convention: a service documents a request body per function in examples/<function key>.json.
    const example = fn ? join(fn.serviceDirectory, 'examples', `${fn.key}.json`) : undefined;
    if (!example || !existsSync(example)) continue;
    const body = JSON.stringify(JSON.parse(readFileSync(example, 'utf8')));
    lines.push(
      `    curl -s -X POST ${cloud.httpApiUrl}${route.path}${bearer(route)} -H 'content-type: application/json' -d '${body}'`,
    );
  }
  for (const route of topology.httpRoutes.filter((candidate) => candidate.method === 'GET')) {
    lines.push(`    curl -s ${cloud.httpApiUrl}${route.path.replace(/\{(\w+)\}/g, '<$1>')}${bearer(route)}`);
  }
  lines.push(
    `    curl -s ${cloud.edgeUrl}/__local/trace/<orderId>   (every hop of one order, in one timeline)`,
    `    curl -s ${cloud.edgeUrl}/__local/mailbox           (the mails the shop sent)`,
    '    aws cloudwatch describe-alarms --query "MetricAlarms[].[AlarmName,StateValue]" --output table',
    '    npm run provider -- outage | up | decline-customer <id>      npm run faults -- fail BOOK_CARRIER | clear',
    '',
  );
  return lines.join('\n');
}

/** One function log line for the terminal: Powertools JSON made readable, anything else as is. */
export function formatLogLine(functionName: string, line: string): string {
  const name = functionName.replace(/^shop-/, '').replace(/-local-/, '/');
  if (!line.startsWith('{')) return `  ${name.padEnd(28)} ${line}`;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const id = entry.correlationId ?? entry.orderId ?? '';
    return `  ${name.padEnd(28)} ${String(entry.level ?? '').padEnd(5)} ${String(entry.message ?? '')}${id ? `  [${String(id)}]` : ''}`;
  } catch {
    return `  ${name.padEnd(28)} ${line}`;
  }
}
