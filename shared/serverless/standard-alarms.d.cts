/** Types for standard-alarms.cjs (the plugin is plain CommonJS: the framework requires it as is). */
type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

declare function standardAlarms(stack: {
  stackName: string;
  resources: Resources;
  functions: ReadonlyArray<{ logicalId: string; functionName: string; definition: Record<string, unknown> }>;
}): Resources;

declare function deadLetterQueues(
  resources: Resources,
  functions: ReadonlyArray<{ definition: Record<string, unknown> }>,
): string[];

declare class StandardAlarmsPlugin {
  constructor(serverless: unknown);
  static standardAlarms: typeof standardAlarms;
  static deadLetterQueues: typeof deadLetterQueues;
}

export = StandardAlarmsPlugin;
