import { type CollectionTag, parse, type ScalarTag } from 'yaml';

/**
 * CloudFormation's short-form intrinsic tags (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) turned into
 * their long form (`{ Ref: X }`, `{ 'Fn::GetAtt': [A, B] }`), exactly as CloudFormation reads a
 * template, so everything downstream sees one shape.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
] as const;

function longForm(name: string, value: unknown): Record<string, unknown> {
  if (name === 'Ref') return { Ref: value };
  if (name === 'Condition') return { Condition: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

function tagsFor(name: string): Array<ScalarTag | CollectionTag> {
  const tag = `!${name}`;
  return [
    { tag, resolve: (value: string) => longForm(name, value) } as ScalarTag,
    {
      tag,
      collection: 'seq',
      resolve: (seq: { toJSON(): unknown }) => longForm(name, seq.toJSON()),
    } as unknown as CollectionTag,
    {
      tag,
      collection: 'map',
      resolve: (map: { toJSON(): unknown }) => longForm(name, map.toJSON()),
    } as unknown as CollectionTag,
  ];
}

const CFN_TAGS = ['Ref', 'Condition', ...FUNCTIONS].flatMap(tagsFor);

/** Parses a serverless.yml / CloudFormation YAML document with the intrinsic tags resolved to long form. */
export function parseCloudFormationYaml(text: string, fileName: string): Record<string, unknown> {
  const value: unknown = parse(text, { customTags: CFN_TAGS, prettyErrors: true, uniqueKeys: true });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${fileName}: expected a YAML mapping at the top level`);
  }
  return value as Record<string, unknown>;
}
