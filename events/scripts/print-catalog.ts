import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { operatorClientConfig } from '@shop/shared/operator-client';
import { loadTopology } from '@shop/topology/load-topology';
import { catalogReport, formatCatalogReport } from './catalog-report.ts';
import { exportEventCatalog } from './eventcatalog-export.ts';

/**
 * `npm run catalog [-- --json] [--stage dev] [--eventcatalog <dir>]`: every event with its
 * producer, consumers, schema and examples; or the same written as an EventCatalog project.
 */
const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    stage: { type: 'string', default: 'local' },
    eventcatalog: { type: 'string' },
  },
});
const rootDir = resolve(import.meta.dirname, '..', '..');
// Queue URLs in the topology point at the edge: the running cloud's, found as the operator scripts find it.
const edgeUrl = operatorClientConfig('local').endpoint ?? '';
const topology = loadTopology({ rootDir, stage: values.stage, edgeUrl });
const report = catalogReport(topology);
if (values.eventcatalog) {
  // `--eventcatalog <dir>`: the same report written as an EventCatalog project.
  const directory = resolve(values.eventcatalog);
  const written = await exportEventCatalog(report, { directory, rootDir, stage: values.stage });
  console.log(`${written.events} event versions and services ${written.services.join(', ')} written to ${directory}`);
} else {
  console.log(values.json ? JSON.stringify(report, null, 2) : formatCatalogReport(report));
}
