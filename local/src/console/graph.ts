import type { Topology } from '@shop/topology/topology';

export type NodeKind = 'route' | 'function' | 'bus' | 'rule' | 'queue' | 'dlq' | 'pipe' | 'stateMachine' | 'logs';

export interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly label: string;
  /** The stack (service) it belongs to: the graph's groups. */
  readonly group: string;
}

export interface GraphEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** `flow`: messages travel it; `redrive`: to a dead-letter queue; `call`: a synchronous call. */
  readonly kind: 'flow' | 'redrive' | 'call';
}

export interface ArchitectureGraph {
  readonly groups: ReadonlyArray<{ id: string; label: string }>;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/** Node ids the console and the live events agree on. */
export const nodeId = {
  function: (name: string) => `fn:${name}`,
  queue: (name: string) => `queue:${name}`,
  bus: (name: string) => `bus:${name}`,
  rule: (busName: string, name: string) => `rule:${busName}/${name}`,
  pipe: (name: string) => `pipe:${name}`,
  stateMachine: (arn: string) => `sm:${arn}`,
  route: (method: string, path: string) => `route:${method} ${path}`,
  logs: (name: string) => `logs:${name}`,
};

/**
 * The architecture as it runs, drawn from the loaded topology (never by hand): each stack a
 * group; its routes, functions, rules, queues (dead-letter queues apart), pipe and state
 * machine; and the edges messages travel: route → function, bus → rule → target, queue →
 * function (event source mapping), queue → dead-letter queue (redrive), queue → pipe →
 * enrichment and target, state machine → its task functions, and function or state machine →
 * bus where it publishes (a function whose environment names the bus; a state machine with
 * `events:putEvents` tasks).
 */
export function architectureOf(topology: Topology, laneOfStack: (stackName: string) => string): ArchitectureGraph {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const add = (node: GraphNode) => {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
  };
  const connect = (from: string, to: string, kind: GraphEdge['kind'] = 'flow') => {
    if (!nodes.has(from) || !nodes.has(to) || from === to) return;
    const id = `${from}->${to}`;
    if (!edges.has(id)) edges.set(id, { id, from, to, kind });
  };
  const queueByArn = new Map(topology.queues.map((queue) => [queue.arn, queue]));
  const functionByArn = new Map(topology.functions.map((fn) => [fn.arn, fn]));
  const deadLetterArns = new Set(
    topology.queues.flatMap((queue) => {
      const policy = queue.attributes.RedrivePolicy;
      if (!policy) return [];
      try {
        return [String((JSON.parse(policy) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn)];
      } catch {
        return [];
      }
    }),
  );
  for (const rule of topology.rules) {
    for (const target of rule.targets) {
      if (target.deadLetterArn) deadLetterArns.add(target.deadLetterArn);
    }
  }
  const shortName = (name: string, stackName: string) =>
    name.replace(`${stackName}-`, '').replace(`shop-${topology.stage}-`, '');

  for (const fn of topology.functions) {
    add({ id: nodeId.function(fn.name), kind: 'function', label: fn.key, group: laneOfStack(fn.stackName) });
  }
  for (const bus of topology.buses)
    add({ id: nodeId.bus(bus.name), kind: 'bus', label: bus.name, group: laneOfStack(bus.stackName) });
  if (topology.rules.some((rule) => rule.busName === 'default')) {
    add({ id: nodeId.bus('default'), kind: 'bus', label: 'default bus', group: 'platform' });
  }
  for (const queue of topology.queues) {
    const dlq = deadLetterArns.has(queue.arn);
    add({
      id: nodeId.queue(queue.name),
      kind: dlq ? 'dlq' : 'queue',
      label: shortName(queue.name, queue.stackName),
      group: laneOfStack(queue.stackName),
    });
  }
  for (const group of topology.logGroups) {
    add({
      id: nodeId.logs(group.name),
      kind: 'logs',
      label: group.name.split('/').pop() ?? group.name,
      group: laneOfStack(group.stackName),
    });
  }
  for (const machine of topology.stateMachines) {
    add({
      id: nodeId.stateMachine(machine.arn),
      kind: 'stateMachine',
      label: shortName(machine.name, machine.stackName),
      group: laneOfStack(machine.stackName),
    });
  }
  for (const pipe of topology.pipes)
    add({ id: nodeId.pipe(pipe.name), kind: 'pipe', label: 'pipe', group: laneOfStack(pipe.stackName) });
  for (const route of topology.httpRoutes) {
    const id = nodeId.route(route.method, route.path);
    add({ id, kind: 'route', label: `${route.method} ${route.path}`, group: laneOfStack(route.stackName) });
    connect(id, nodeId.function(route.functionName), 'call');
  }
  for (const rule of topology.rules) {
    if (rule.scheduleExpression !== undefined) {
      for (const target of rule.targets) {
        const fn = functionByArn.get(target.arn);
        if (fn)
          add({
            id: nodeId.rule(rule.busName, rule.name),
            kind: 'rule',
            label: rule.scheduleExpression,
            group: laneOfStack(rule.stackName),
          });
        if (fn) connect(nodeId.rule(rule.busName, rule.name), nodeId.function(fn.name));
      }
      continue;
    }
    const ruleId = nodeId.rule(rule.busName, rule.name);
    add({ id: ruleId, kind: 'rule', label: shortName(rule.name, rule.stackName), group: laneOfStack(rule.stackName) });
    connect(nodeId.bus(rule.busName), ruleId);
    for (const target of rule.targets) {
      const queue = queueByArn.get(target.arn);
      const fn = functionByArn.get(target.arn);
      const group = topology.logGroups.find((candidate) => candidate.arn === target.arn);
      const machine = topology.stateMachines.find((candidate) => candidate.arn === target.arn);
      if (queue) connect(ruleId, nodeId.queue(queue.name));
      if (fn) connect(ruleId, nodeId.function(fn.name));
      if (group) connect(ruleId, nodeId.logs(group.name));
      if (machine) connect(ruleId, nodeId.stateMachine(machine.arn));
    }
  }
  for (const queue of topology.queues) {
    const policy = queue.attributes.RedrivePolicy;
    if (!policy) continue;
    const target = queueByArn.get(
      String((JSON.parse(policy) as { deadLetterTargetArn?: unknown }).deadLetterTargetArn),
    );
    if (target) connect(nodeId.queue(queue.name), nodeId.queue(target.name), 'redrive');
  }
  for (const mapping of topology.eventSourceMappings) {
    const queue = queueByArn.get(mapping.sourceArn);
    if (queue) connect(nodeId.queue(queue.name), nodeId.function(mapping.functionName));
  }
  for (const pipe of topology.pipes) {
    const { Source, Enrichment, Target } = pipe.properties as Record<string, unknown>;
    const source = queueByArn.get(String(Source));
    if (source) connect(nodeId.queue(source.name), nodeId.pipe(pipe.name));
    const enrichment = functionByArn.get(String(Enrichment));
    if (enrichment) connect(nodeId.pipe(pipe.name), nodeId.function(enrichment.name), 'call');
    const target = functionByArn.get(String(Target));
    if (target) connect(nodeId.pipe(pipe.name), nodeId.function(target.name));
  }
  for (const machine of topology.stateMachines) {
    const text = JSON.stringify(machine.definition);
    for (const fn of topology.functions) {
      if (text.includes(`"${fn.arn}`) || text.includes(`"${fn.name}"`) || text.includes(`:function:${fn.name}"`)) {
        connect(nodeId.stateMachine(machine.arn), nodeId.function(fn.name), 'call');
      }
    }
    for (const bus of topology.buses)
      if (text.includes(bus.name)) connect(nodeId.stateMachine(machine.arn), nodeId.bus(bus.name));
  }
  for (const fn of topology.functions) {
    const environment = Object.values(fn.environment);
    for (const bus of topology.buses)
      if (environment.includes(bus.name)) connect(nodeId.function(fn.name), nodeId.bus(bus.name));
    for (const other of topology.functions) {
      if (other !== fn && environment.includes(other.name))
        connect(nodeId.function(fn.name), nodeId.function(other.name), 'call');
    }
  }
  const used = new Set([...nodes.values()].map((node) => node.group));
  return {
    groups: [...used].map((id) => ({ id, label: id })),
    nodes: [...nodes.values()],
    edges: [...edges.values()],
  };
}
