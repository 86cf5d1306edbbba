import { type CatalogEntry, eventCatalog } from '@shop/events';
import { compileEventPattern, matchesEventPattern } from '@shop/local-cloud/event-patterns';
import type { Topology } from '@shop/topology/topology';

export interface CatalogConsumer {
  /** The stack whose rule routes the event (the consuming service, or the platform's audit). */
  readonly stack: string;
  readonly rule: string;
  readonly targets: readonly string[];
}

export interface CatalogReportEntry {
  readonly name: string;
  readonly version: number;
  /** `current`, `retiring` (still published beside the latest) or `retired` (kept for the record). */
  readonly status: CatalogEntry['status'];
  readonly source: string;
  readonly owner: string;
  readonly meaning: string;
  readonly examples: readonly string[];
  readonly schema: string;
  /** Derived from the deployed rules: every rule whose pattern matches one of the event's examples. */
  readonly consumers: readonly CatalogConsumer[];
}

/**
 * The event catalog as deployed: each event version with its owner, meaning, schema and
 * examples, and its consumers DERIVED from the stacks' rules (a rule consumes an event when its
 * pattern matches one of the event's examples). Nobody types the consumers by hand, so the
 * catalog cannot drift from the code (the catalogue of producers and consumers of "Event-driven architecture at a hyper-scaling e-commerce company").
 */
export function catalogReport(
  topology: Topology,
  catalog: readonly CatalogEntry[] = eventCatalog,
): CatalogReportEntry[] {
  const rules = topology.rules
    .filter((rule) => rule.eventPattern !== undefined)
    .map((rule) => ({ rule, pattern: compileEventPattern(rule.eventPattern) }));
  // Examples carry an arbitrary account and region; compare them as they would arrive here.
  const asDeployed = (example: object) => ({ ...example, account: topology.accountId, region: topology.region });
  return catalog.map((entry) => ({
    name: entry.name,
    version: entry.version,
    status: entry.status,
    source: entry.source,
    owner: entry.owner,
    meaning: entry.meaning,
    examples: entry.exampleFiles.map((file) => `events/catalog/${entry.name}/v${entry.version}/examples/${file}`),
    schema: `events/catalog/${entry.name}/v${entry.version}/schema.json`,
    consumers: rules
      .filter(({ pattern }) => entry.examples.some((example) => matchesEventPattern(pattern, asDeployed(example))))
      .map(({ rule }) => ({
        stack: rule.stackName,
        rule: rule.name,
        targets: rule.targets.map((target) => target.arn),
      })),
  }));
}

/** The report as the terminal shows it. */
export function formatCatalogReport(report: readonly CatalogReportEntry[]): string {
  const lines: string[] = [];
  for (const entry of report) {
    const status =
      entry.status === 'current'
        ? ''
        : entry.status === 'retiring'
          ? '   RETIRING: still published beside the latest version until its consumers move'
          : '   RETIRED: published and read no more';
    lines.push(`${entry.name} v${entry.version}   source ${entry.source}, owner ${entry.owner}${status}`);
    lines.push(`  ${entry.meaning}`);
    lines.push(`  schema:   ${entry.schema}`);
    for (const example of entry.examples) lines.push(`  example:  ${example}`);
    if (entry.consumers.length === 0) lines.push('  consumers: none yet');
    for (const consumer of entry.consumers) {
      lines.push(`  consumer: ${consumer.stack} (rule ${consumer.rule} -> ${consumer.targets.join(', ')})`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
