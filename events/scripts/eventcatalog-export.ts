import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import eventCatalogUtils from '@eventcatalog/sdk';
import type { CatalogReportEntry } from './catalog-report.ts';

/** `shop-inventory-local` → `inventory`; the platform stack is `platform`. */
export function serviceOfStack(stackName: string, stage: string): string {
  return stackName.replace(/^shop-/, '').replace(new RegExp(`-${stage}$`), '');
}

const semver = (version: number) => `${version}.0.0`;
const title = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

/**
 * Writes the catalog as deployed into an EventCatalog project (`@eventcatalog/sdk`): one domain,
 * the shop; one service per stack that publishes or consumes; every event with every version,
 * its schema, meaning and examples; each service's `sends` (its own events) and `receives` (the
 * events its rules match, derived from the stacks, never typed by hand).
 * https://www.eventcatalog.dev/docs/sdk
 */
export async function exportEventCatalog(
  report: readonly CatalogReportEntry[],
  options: { readonly directory: string; readonly rootDir: string; readonly stage: string },
): Promise<{ events: number; services: string[] }> {
  const catalog = eventCatalogUtils(options.directory);
  const byVersion = [...report].sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
  for (const entry of byVersion) {
    const examples = entry.examples.map(
      (file) => `\`\`\`json\n${readFileSync(join(options.rootDir, file), 'utf8').trim()}\n\`\`\``,
    );
    await catalog.writeEvent(
      {
        id: entry.name,
        name: entry.name,
        version: semver(entry.version),
        summary: entry.meaning.split('. ')[0] ?? entry.meaning,
        owners: [entry.owner],
        schemaPath: 'schema.json',
        ...(entry.status === 'current'
          ? {}
          : {
              deprecated: {
                message:
                  entry.status === 'retiring'
                    ? 'Retiring: still published beside the latest version until its last consumer moves.'
                    : 'Retired: no longer published or read; kept for the events archived before.',
              },
            }),
        markdown: [
          entry.meaning,
          `Published by **${entry.owner}** as \`${entry.source}\` on the shop's bus.`,
          '## Examples',
          ...examples,
        ].join('\n\n'),
      },
      { override: true, versionExistingContent: true },
    );
    await catalog.addSchemaToEvent(
      entry.name,
      { schema: readFileSync(join(options.rootDir, entry.schema), 'utf8'), fileName: 'schema.json' },
      semver(entry.version),
    );
  }
  const services = new Map<string, { sends: Map<string, string>; receives: Map<string, string> }>();
  const service = (id: string) => {
    let found = services.get(id);
    if (!found) {
      found = { sends: new Map(), receives: new Map() };
      services.set(id, found);
    }
    return found;
  };
  for (const entry of report) {
    service(entry.owner).sends.set(`${entry.name}@${entry.version}`, semver(entry.version));
    for (const consumer of entry.consumers) {
      service(serviceOfStack(consumer.stack, options.stage)).receives.set(
        `${entry.name}@${entry.version}`,
        semver(entry.version),
      );
    }
  }
  const pointers = (messages: Map<string, string>) =>
    [...messages].map(([key, version]) => ({ id: key.split('@')[0] ?? key, version }));
  for (const [id, { sends, receives }] of services) {
    await catalog.writeService(
      {
        id,
        name: title(id),
        version: '1.0.0',
        markdown: `The ${id} ${id === 'platform' ? 'stack (the bus, its archive, audit and detector)' : 'service'}. What it receives is derived from its rules.`,
        sends: pointers(sends),
        receives: pointers(receives),
      },
      { override: true },
    );
  }
  await catalog.writeDomain(
    {
      id: 'shop',
      name: 'Shop',
      version: '1.0.0',
      markdown:
        'The event-driven shop: orders, inventory, payments, fulfillment and notifications, choreographed over one bus.',
      services: [...services.keys()].map((id) => ({ id, version: '1.0.0' })),
    },
    { override: true },
  );
  return { events: report.length, services: [...services.keys()].sort() };
}
