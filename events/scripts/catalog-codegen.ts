/**
 * Turns the catalog's JSON files into TypeScript source, in memory.
 *
 * The schemas are the one source of truth (docs/architecture.md#code-rules): this module derives the types from
 * them and the static JSON imports that make the catalog bundle into every Lambda (esbuild
 * inlines JSON, a runtime `readFile` would not survive bundling). `generate-types.ts` writes
 * the result to `events/src/generated/`; a test regenerates it and fails when the committed
 * files are stale.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

/** One `events/catalog/<Name>/v<N>/` folder, read from disk. */
export interface EventFolder {
  readonly name: string;
  readonly version: number;
  readonly dir: string;
  readonly exampleFiles: readonly string[];
  /** `event.json`'s `status`: absent for a current version. */
  readonly status?: 'retiring' | 'retired';
}

/** One `events/interfaces/<name>/v<N>/` folder, read from disk. */
export interface InterfaceFolder {
  readonly name: string;
  readonly version: number;
  readonly dir: string;
  readonly exampleFiles: readonly string[];
  /** Query → the titles of the response schema's branches that answer it (`interface.json`'s `answers`). */
  readonly answers: Readonly<Record<string, readonly string[]>>;
}

const HEADER = [
  '/*',
  ' * GENERATED from events/catalog and events/interfaces by `npm run catalog:types`.',
  ' * Do not edit: change the JSON Schema and regenerate (a test fails when this file is stale).',
  ' */',
  '',
].join('\n');

const VERSION_FOLDER = /^v([1-9]\d*)$/;

/** `OrderPlaced` → `order-placed`, `orders-read` stays as it is. */
export function toKebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
}

/** `order-placed` or `OrderPlaced` → `OrderPlaced`. */
export function toPascalCase(name: string): string {
  return name
    .split(/[-_\s]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

function toCamelCase(name: string): string {
  const pascal = toPascalCase(name);
  return (pascal[0]?.toLowerCase() ?? '') + pascal.slice(1);
}

async function listDirectories(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

async function listJsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => entry.name)
    .sort();
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${path} must hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

async function listVersionFolders(root: string): Promise<Array<{ name: string; version: number; dir: string }>> {
  const folders: Array<{ name: string; version: number; dir: string }> = [];
  for (const name of await listDirectories(root)) {
    for (const versionFolder of await listDirectories(join(root, name))) {
      const match = VERSION_FOLDER.exec(versionFolder);
      if (!match?.[1]) {
        throw new Error(`${join(root, name, versionFolder)}: version folders are named v1, v2, ...`);
      }
      folders.push({ name, version: Number(match[1]), dir: join(root, name, versionFolder) });
    }
  }
  // Code-point order, not locale order, so every machine generates byte-identical files.
  return folders.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version - b.version));
}

/**
 * Reads `events/catalog/` and checks what a schema alone cannot: that every folder has its
 * `event.json`, `schema.json` and at least one example, and that `event.json` agrees with the
 * folder it sits in (the folder is what people browse, `event.json` is what code reads).
 */
export async function readEventFolders(catalogRoot: string): Promise<EventFolder[]> {
  const folders: EventFolder[] = [];
  for (const { name, version, dir } of await listVersionFolders(catalogRoot)) {
    const event = await readJson(join(dir, 'event.json'));
    if (event.name !== name || event.version !== version) {
      throw new Error(
        `${dir}/event.json says ${String(event.name)} v${String(event.version)}; the folder says ${name} v${version}`,
      );
    }
    await readJson(join(dir, 'schema.json'));
    const exampleFiles = await listJsonFiles(join(dir, 'examples'));
    if (exampleFiles.length === 0) throw new Error(`${dir}/examples/ holds no example`);
    const { status } = event;
    if (status !== undefined && status !== 'retiring' && status !== 'retired') {
      throw new Error(`${dir}/event.json: status is "retiring" or "retired" (or absent for a current version)`);
    }
    folders.push({ name, version, dir, exampleFiles, ...(status ? { status } : {}) });
  }
  for (const name of new Set(folders.map((folder) => folder.name))) {
    const versions = folders.filter((folder) => folder.name === name);
    const latest = versions[versions.length - 1];
    if (latest?.status) {
      throw new Error(
        `${latest.dir}/event.json: the latest version of ${name} is what producers publish; it cannot be ${latest.status}`,
      );
    }
  }
  return folders;
}

/** Reads `events/interfaces/`: each version folder has request and response schemas and examples. */
export async function readInterfaceFolders(interfacesRoot: string): Promise<InterfaceFolder[]> {
  const folders: InterfaceFolder[] = [];
  for (const { name, version, dir } of await listVersionFolders(interfacesRoot)) {
    const description = await readJson(join(dir, 'interface.json'));
    if (description.name !== name || description.version !== version) {
      throw new Error(`${dir}/interface.json disagrees with its folder (${name} v${version})`);
    }
    const answers = checkedAnswers(
      dir,
      description.answers,
      branchTitles(await readJson(join(dir, 'request.schema.json'))),
      branchTitles(await readJson(join(dir, 'response.schema.json'))),
      queryNames(await readJson(join(dir, 'request.schema.json'))),
    );
    const exampleFiles = await listJsonFiles(join(dir, 'examples'));
    for (const kind of ['request', 'response']) {
      if (!exampleFiles.some((file) => file.startsWith(kind))) {
        throw new Error(`${dir}/examples/ holds no ${kind}*.json example`);
      }
    }
    folders.push({ name, version, dir, exampleFiles, answers });
  }
  return folders;
}

/** The titles of a schema's `oneOf` branches (a read interface's queries or answers). */
function branchTitles(schema: Record<string, unknown>): string[] {
  const branches = Array.isArray(schema.oneOf) ? (schema.oneOf as Array<Record<string, unknown>>) : [];
  return branches.map((branch) => String(branch.title));
}

/** The `query` constant of each request branch. */
function queryNames(schema: Record<string, unknown>): string[] {
  const branches = Array.isArray(schema.oneOf) ? (schema.oneOf as Array<Record<string, unknown>>) : [];
  return branches.map((branch) => {
    const query = (branch.properties as { query?: { const?: unknown } } | undefined)?.query?.const;
    return typeof query === 'string' ? query : '';
  });
}

/**
 * `interface.json`'s `answers`: every query of the request schema names the response branches
 * (by title) that may answer it, so a client is typed and checked by the query it asked.
 */
function checkedAnswers(
  dir: string,
  answers: unknown,
  requestTitles: readonly string[],
  responseTitles: readonly string[],
  queries: readonly string[],
): Record<string, string[]> {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    throw new Error(`${dir}/interface.json: "answers" must map each query to the response titles answering it`);
  }
  const map = answers as Record<string, unknown>;
  for (const [index, query] of queries.entries()) {
    if (query === '') throw new Error(`${dir}/request.schema.json: ${requestTitles[index]} has no "query" const`);
    if (!(query in map)) throw new Error(`${dir}/interface.json: "answers" says nothing of ${query}`);
  }
  const checked: Record<string, string[]> = {};
  for (const [query, titles] of Object.entries(map)) {
    if (!queries.includes(query)) throw new Error(`${dir}/interface.json: "answers" names ${query}, not a query`);
    if (!Array.isArray(titles) || titles.length === 0) {
      throw new Error(`${dir}/interface.json: "answers".${query} must list at least one response title`);
    }
    for (const title of titles) {
      if (!responseTitles.includes(String(title))) {
        throw new Error(`${dir}/interface.json: "answers".${query} names ${title}, not a response branch`);
      }
    }
    checked[query] = titles.map(String);
  }
  return checked;
}

/** The exported TypeScript name of an event version's detail type: `OrderPlacedV1`. */
export function eventTypeName(name: string, version: number): string {
  return `${toPascalCase(name)}V${version}`;
}

/** The generated module (without extension) holding an event version's types. */
export function eventModuleName(name: string, version: number): string {
  return `${toKebabCase(name)}-v${version}`;
}

async function compileSchema(schema: Record<string, unknown>, typeName: string): Promise<string> {
  return compile(schema as JSONSchema, typeName, {
    bannerComment: '',
    additionalProperties: false,
    // minItems would otherwise become tuple types (`[string, ...string[]]`) that plain arrays
    // built by producers do not satisfy; ajv still enforces the bound at runtime.
    ignoreMinAndMaxItems: true,
    unknownAny: true,
    strictIndexSignatures: true,
    $refOptions: { resolve: { http: false } },
    style: { singleQuote: true, printWidth: 120, trailingComma: 'all', tabWidth: 2, semi: true },
  });
}

/**
 * The envelope's two halves get names of their own (`OrderPlacedV1Data`,
 * `OrderPlacedV1Metadata`) by titling them in memory, so the catalog files keep titles for
 * people and json-schema-to-typescript still emits stable, predictable names.
 */
function titleEnvelope(schema: Record<string, unknown>, typeName: string): Record<string, unknown> {
  const copy = structuredClone(schema);
  copy.title = typeName;
  const properties = copy.properties;
  if (typeof properties === 'object' && properties !== null) {
    const props = properties as Record<string, Record<string, unknown>>;
    if (props.data) props.data.title = `${typeName}Data`;
    if (props.metadata) props.metadata.title = `${typeName}Metadata`;
  }
  return copy;
}

function importPath(fromDir: string, file: string): string {
  const path = relative(fromDir, file).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/**
 * Every generated file, keyed by its name inside `events/src/generated/`.
 *
 * @param eventsRoot - the `events/` folder
 */
export async function generateCatalogSources(eventsRoot: string): Promise<Map<string, string>> {
  const generatedDir = join(eventsRoot, 'src', 'generated');
  const events = await readEventFolders(join(eventsRoot, 'catalog'));
  const interfaces = await readInterfaceFolders(join(eventsRoot, 'interfaces'));
  const files = new Map<string, string>();

  for (const event of events) {
    const typeName = eventTypeName(event.name, event.version);
    const schema = titleEnvelope(await readJson(join(event.dir, 'schema.json')), typeName);
    files.set(`${eventModuleName(event.name, event.version)}.ts`, HEADER + (await compileSchema(schema, typeName)));
  }

  for (const api of interfaces) {
    const base = `${toPascalCase(api.name)}`;
    const parts: string[] = [];
    for (const kind of ['request', 'response'] as const) {
      const typeName = `${base}${toPascalCase(kind)}V${api.version}`;
      const schema = structuredClone(await readJson(join(api.dir, `${kind}.schema.json`)));
      schema.title = typeName;
      parts.push(await compileSchema(schema, typeName));
    }
    files.set(`${toKebabCase(api.name)}-v${api.version}.ts`, HEADER + parts.join('\n'));
  }

  const typeModules = [...files.keys()].map((file) => `export type * from './${file}';`);
  files.set('types.ts', `${HEADER}${typeModules.join('\n')}\n`);
  files.set('catalog.ts', renderCatalogModule(generatedDir, events, interfaces));
  return files;
}

function renderCatalogModule(
  generatedDir: string,
  events: readonly EventFolder[],
  interfaces: readonly InterfaceFolder[],
): string {
  const typeImports: string[] = [];
  const jsonImports: string[] = [];
  const eventSources: string[] = [];
  const interfaceSources: string[] = [];
  const json = (identifier: string, file: string) =>
    jsonImports.push(`import ${identifier} from '${importPath(generatedDir, file)}' with { type: 'json' };`);

  for (const event of events) {
    const typeName = eventTypeName(event.name, event.version);
    const id = toCamelCase(typeName);
    typeImports.push(`import type { ${typeName} } from './${eventModuleName(event.name, event.version)}.ts';`);
    json(`${id}Event`, join(event.dir, 'event.json'));
    json(`${id}Schema`, join(event.dir, 'schema.json'));
    const examples = event.exampleFiles.map((file, index) => {
      json(`${id}Example${index}`, join(event.dir, 'examples', file));
      return `${id}Example${index}`;
    });
    eventSources.push(
      `  { event: ${id}Event, schema: ${id}Schema, examples: [${examples.join(', ')}], exampleFiles: [${event.exampleFiles
        .map((file) => `'${file}'`)
        .join(', ')}] },`,
    );
  }

  for (const api of interfaces) {
    const id = `${toCamelCase(api.name)}V${api.version}`;
    const typeBase = toPascalCase(api.name);
    const answerTypes = [...new Set(Object.values(api.answers).flat())].sort();
    typeImports.push(
      `import type { ${[`${typeBase}RequestV${api.version}`, `${typeBase}ResponseV${api.version}`, ...answerTypes].join(', ')} } from './${toKebabCase(api.name)}-v${api.version}.ts';`,
    );
    json(`${id}Interface`, join(api.dir, 'interface.json'));
    json(`${id}RequestSchema`, join(api.dir, 'request.schema.json'));
    json(`${id}ResponseSchema`, join(api.dir, 'response.schema.json'));
    const examples = api.exampleFiles.map((file, index) => {
      json(`${id}Example${index}`, join(api.dir, 'examples', file));
      return `{ file: '${file}', message: ${id}Example${index} }`;
    });
    interfaceSources.push(
      `  { description: ${id}Interface, requestSchema: ${id}RequestSchema, responseSchema: ${id}ResponseSchema, examples: [${examples.join(', ')}] },`,
    );
  }

  const names = [...new Set(events.map((event) => event.name))];
  const versionMap = names.map((name) => {
    // A retired version is kept for the record, but no consumer receives it any more.
    const versions = events.filter((event) => event.name === name && event.status !== 'retired');
    const entries = versions.map((event) => `${event.version}: ${eventTypeName(name, event.version)}`).join('; ');
    return `  ${name}: { ${entries} };`;
  });
  const latestMap = names.map((name) => {
    const latest = Math.max(...events.filter((event) => event.name === name).map((event) => event.version));
    return `  ${name}: ${eventTypeName(name, latest)};`;
  });

  const interfaceNames = [...new Set(interfaces.map((api) => api.name))];
  const interfaceMap = interfaceNames.map((name) => {
    const typeBase = toPascalCase(name);
    const entries = interfaces
      .filter((api) => api.name === name)
      .map(
        (api) =>
          `${api.version}: { request: ${typeBase}RequestV${api.version}; response: ${typeBase}ResponseV${api.version}; answers: { ${Object.entries(
            api.answers,
          )
            .map(([query, titles]) => `${query}: ${titles.join(' | ')}`)
            .join('; ')} } }`,
      )
      .join('; ');
    return `  '${name}': { ${entries} };`;
  });

  return [
    HEADER,
    ...typeImports,
    ...jsonImports,
    '',
    '/** Every cataloged event name, one per `events/catalog/<Name>/` folder. */',
    `export const eventNames = [${names.map((name) => `'${name}'`).join(', ')}] as const;`,
    '',
    '/** The name of a cataloged event (its EventBridge `detail-type`). */',
    'export type EventName = (typeof eventNames)[number];',
    '',
    '/** Event name → version → the detail type of that version (every version still consumed). */',
    'export interface EventVersionMap {',
    ...versionMap,
    '}',
    '',
    '/** Event name → the detail type of its latest version (what producers emit). */',
    'export interface EventMap {',
    ...latestMap,
    '}',
    '',
    "/** Read interface name → version → its request and response types, and each query's answer type. */",
    'export interface InterfaceMap {',
    ...interfaceMap,
    '}',
    '',
    '/** The raw catalog files, as static JSON imports so every bundle carries them. */',
    'export const eventSources = [',
    ...eventSources,
    '];',
    '',
    '/** The raw published read interfaces, as static JSON imports. */',
    'export const interfaceSources = [',
    ...interfaceSources,
    '];',
    '',
  ].join('\n');
}
