/**
 * Evaluates CloudFormation intrinsic functions against the stacks the local cloud loaded:
 * `Ref`, `Fn::GetAtt`, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::ImportValue`
 * and the pseudo parameters. Conditions (`Fn::If` and friends) and `Fn::FindInMap` are not
 * used by the stacks and are refused by name rather than guessed.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
 */
export interface IntrinsicContext {
  readonly stackName: string;
  readonly region: string;
  readonly accountId: string;
  /** `Ref` of a logical id in this stack. */
  ref(logicalId: string): string;
  /** `Fn::GetAtt` of a logical id in this stack. */
  getAtt(logicalId: string, attribute: string): string;
  /** A value exported by an already loaded stack. */
  importValue(exportName: string): string;
}

/** Marks a property removed by `Ref: AWS::NoValue`. */
const NO_VALUE = Symbol('AWS::NoValue');

export function evaluateIntrinsics(node: unknown, context: IntrinsicContext, where: string): unknown {
  const value = evaluate(node, context, where);
  return value === NO_VALUE ? undefined : value;
}

function evaluate(node: unknown, context: IntrinsicContext, where: string): unknown {
  if (Array.isArray(node)) {
    return node.map((item, index) => evaluate(item, context, `${where}[${index}]`)).filter((item) => item !== NO_VALUE);
  }
  if (node === null || typeof node !== 'object') return node;
  const entries = Object.entries(node);
  const [first] = entries;
  if (entries.length === 1 && first && (first[0] === 'Ref' || first[0].startsWith('Fn::'))) {
    return evaluateFunction(first[0], first[1], context, where);
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const evaluated = evaluate(value, context, `${where}.${key}`);
    if (evaluated !== NO_VALUE) result[key] = evaluated;
  }
  return result;
}

function evaluateFunction(name: string, argument: unknown, context: IntrinsicContext, where: string): unknown {
  const fail = (reason: string): never => {
    throw new Error(`Stack ${context.stackName}: ${name} at ${where}: ${reason}`);
  };
  switch (name) {
    case 'Ref': {
      if (typeof argument !== 'string') return fail('expects a logical id');
      return pseudoParameter(argument, context) ?? context.ref(argument);
    }
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = Array.isArray(argument) ? argument : [];
      if (typeof logicalId !== 'string' || typeof attribute !== 'string') return fail('expects [logicalId, attribute]');
      return context.getAtt(logicalId, attribute);
    }
    case 'Fn::ImportValue': {
      const exportName = evaluate(argument, context, where);
      if (typeof exportName !== 'string') return fail('expects an export name');
      return context.importValue(exportName);
    }
    case 'Fn::Join': {
      const [separator, list] = Array.isArray(argument) ? argument : [];
      const items = evaluate(list, context, where);
      if (typeof separator !== 'string' || !Array.isArray(items)) return fail('expects [separator, [values]]');
      return items.map(String).join(separator);
    }
    case 'Fn::Select': {
      const [index, list] = Array.isArray(argument) ? argument : [];
      const items = evaluate(list, context, where);
      if (!Array.isArray(items)) return fail('expects [index, [values]]');
      const item = items[Number(evaluate(index, context, where))];
      return item === undefined ? fail('index out of range') : item;
    }
    case 'Fn::Split': {
      const [separator, text] = Array.isArray(argument) ? argument : [];
      const value = evaluate(text, context, where);
      if (typeof separator !== 'string' || typeof value !== 'string') return fail('expects [separator, string]');
      return value.split(separator);
    }
    case 'Fn::Sub': {
      const [template, variables] = Array.isArray(argument) ? argument : [argument, {}];
      if (typeof template !== 'string') return fail('expects a template string');
      const values = (evaluate(variables ?? {}, context, where) ?? {}) as Record<string, unknown>;
      return template.replace(/\$\{(!?)([^}]+)\}/g, (_whole: string, literal: string, expression: string): string => {
        if (literal) return `\${${expression}}`;
        if (expression in values) return String(values[expression]);
        const pseudo = pseudoParameter(expression, context);
        if (typeof pseudo === 'string') return pseudo;
        if (pseudo === NO_VALUE) return fail('AWS::NoValue cannot be used inside Fn::Sub');
        const dot = expression.indexOf('.');
        return dot < 0 ? context.ref(expression) : context.getAtt(expression.slice(0, dot), expression.slice(dot + 1));
      });
    }
    default:
      return fail('this intrinsic function is not supported by the local cloud');
  }
}

function pseudoParameter(name: string, context: IntrinsicContext): string | typeof NO_VALUE | undefined {
  switch (name) {
    case 'AWS::AccountId':
      return context.accountId;
    case 'AWS::Region':
      return context.region;
    case 'AWS::StackName':
      return context.stackName;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      return undefined;
  }
}
