import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadTopology } from '../../local/src/loader/load-topology.ts';
import { catalogReport, formatCatalogReport } from './catalog-report.ts';

/** `npm run catalog [-- --json] [--stage dev]`: every event with its producer, consumers, schema and examples. */
const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, stage: { type: 'string', default: 'local' } },
});
const topology = loadTopology({
  rootDir: resolve(import.meta.dirname, '..', '..'),
  stage: values.stage,
  edgeUrl: 'http://127.0.0.1:4566',
});
const report = catalogReport(topology);
console.log(values.json ? JSON.stringify(report, null, 2) : formatCatalogReport(report));
