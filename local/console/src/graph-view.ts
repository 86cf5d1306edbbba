import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { Figures, Graph, GraphNode, Hop } from './api.ts';
import { h, s } from './dom.ts';

const NODE_HEIGHT = 26;
const elk = new ELK();

interface Placed {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The architecture, alive: the graph the local cloud derives from the stacks, laid out by elkjs
 * (layered, left to right, one box per stack), drawn as SVG. Events move along its edges as
 * they happen; queue nodes show their depth, dead-letter queues turn red when they hold messages.
 */
export class GraphView {
  readonly element: HTMLElement;
  readonly #graph: Graph;
  readonly #nodes = new Map<string, SVGGElement>();
  readonly #edges = new Map<string, SVGPathElement>();
  readonly #depths = new Map<string, SVGTextElement>();
  readonly #edgesFrom = new Map<string, string[]>();
  #svg: SVGSVGElement | undefined;

  constructor(graph: Graph) {
    this.#graph = graph;
    this.element = h(
      'section',
      { class: 'graph', 'data-testid': 'graph' },
      h('p', { class: 'muted' }, 'laying out the architecture…'),
    );
    for (const edge of graph.edges)
      this.#edgesFrom.set(edge.from, [...(this.#edgesFrom.get(edge.from) ?? []), edge.id]);
    void this.#draw();
  }

  async #draw(): Promise<void> {
    const graph = this.#graph;
    const root: ElkNode = {
      id: 'root',
      layoutOptions: {
        'elk.algorithm': 'layered',
        'elk.direction': 'RIGHT',
        'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
        'elk.layered.spacing.nodeNodeBetweenLayers': '36',
        // Edges that share an end are drawn as one bundle: the bus has many.
        'elk.layered.mergeEdges': 'true',
        'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
        'elk.spacing.nodeNode': '10',
        'elk.padding': '[top=24,left=12,bottom=12,right=12]',
      },
      children: graph.groups.map((group) => ({
        id: `group:${group.id}`,
        labels: [{ text: group.label }],
        layoutOptions: { 'elk.padding': '[top=28,left=10,bottom=10,right=10]' },
        children: graph.nodes
          .filter((node) => node.group === group.id)
          .map((node) => ({ id: node.id, width: Math.max(70, node.label.length * 6.6 + 22), height: NODE_HEIGHT })),
      })),
      edges: graph.edges.map((edge): ElkExtendedEdge => ({ id: edge.id, sources: [edge.from], targets: [edge.to] })),
    };
    const laid = await elk.layout(root);
    const absolute = new Map<string, Placed>();
    const place = (node: ElkNode, dx: number, dy: number) => {
      const x = (node.x ?? 0) + dx;
      const y = (node.y ?? 0) + dy;
      absolute.set(node.id, { x, y, width: node.width ?? 0, height: node.height ?? 0 });
      for (const child of node.children ?? []) place(child, x, y);
    };
    place(laid, 0, 0);

    const svg = s('svg', { viewBox: `0 0 ${laid.width ?? 800} ${laid.height ?? 600}`, class: 'architecture' });
    const defs = s('defs');
    defs.append(
      s(
        'marker',
        {
          id: 'arrow',
          viewBox: '0 0 10 10',
          refX: '9',
          refY: '5',
          markerWidth: '6',
          markerHeight: '6',
          orient: 'auto-start-reverse',
        },
        s('path', { d: 'M 0 0 L 10 5 L 0 10 z' }),
      ),
    );
    svg.append(defs);
    for (const group of laid.children ?? []) {
      const box = absolute.get(group.id);
      if (!box) continue;
      svg.append(
        s(
          'g',
          { class: 'group' },
          s('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: 8 }),
          s('text', { x: box.x + 10, y: box.y + 18 }, group.labels?.[0]?.text ?? ''),
        ),
      );
    }
    for (const edge of (laid.edges ?? []) as Array<ElkExtendedEdge & { container?: string }>) {
      const offset = absolute.get(edge.container ?? 'root') ?? { x: 0, y: 0 };
      const path = (edge.sections ?? [])
        .map((section) =>
          [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]
            .map((point, index) => `${index === 0 ? 'M' : 'L'} ${point.x + offset.x} ${point.y + offset.y}`)
            .join(' '),
        )
        .join(' ');
      const kind = graph.edges.find((candidate) => candidate.id === edge.id)?.kind ?? 'flow';
      const element = s('path', { d: path, class: `edge ${kind}`, 'marker-end': 'url(#arrow)' });
      this.#edges.set(edge.id, element);
      svg.append(element);
    }
    for (const node of graph.nodes) {
      const box = absolute.get(node.id);
      if (!box) continue;
      const group = s(
        'g',
        { class: `node ${node.kind}`, 'data-node': node.id },
        s('rect', { x: box.x, y: box.y, width: box.width, height: box.height, rx: node.kind === 'bus' ? 13 : 4 }),
        s('text', { x: box.x + box.width / 2, y: box.y + 17, 'text-anchor': 'middle' }, node.label),
      );
      group.append(s('title', {}, `${node.kind}: ${node.id.replace(/^[a-z]+:/, '')}`));
      if (node.kind === 'queue' || node.kind === 'dlq') {
        const depth = s('text', { x: box.x + box.width - 4, y: box.y - 3, 'text-anchor': 'end', class: 'depth' }, '');
        this.#depths.set(node.id, depth);
        group.append(depth);
      }
      this.#nodes.set(node.id, group);
      svg.append(group);
    }
    this.#svg = svg;
    this.element.replaceChildren(
      h(
        'p',
        { class: 'muted' },
        `${graph.nodes.length} resources of ${graph.groups.length} stacks, as the local cloud loaded them. Events flash along the edges as they happen; queue depths show above the queues.`,
      ),
      svg,
    );
  }

  /** Queue depths, and dead-letter queues in red when they hold anything. */
  figures(figures: Figures): void {
    for (const queue of figures.queues) {
      const depth = this.#depths.get(queue.id);
      if (depth)
        depth.textContent =
          queue.visible + queue.inFlight > 0 ? `${queue.visible} visible · ${queue.inFlight} in flight` : '';
      this.#nodes.get(queue.id)?.classList.toggle('holding', queue.deadLetter && queue.visible > 0);
    }
  }

  /** A hop lights up where it happened and moves along the edges it travelled. */
  hop(hop: Hop): void {
    if (!this.#svg) return;
    for (const id of GraphView.nodeIdsOf(hop, this.#graph)) {
      const node = this.#nodes.get(id);
      if (!node) continue;
      node.classList.remove('flash');
      void node.getBoundingClientRect();
      node.classList.add('flash');
      if (hop.kind === 'event' || (hop.kind === 'queue' && /^sent/.test(hop.summary))) this.#pulseFrom(id, hop);
    }
  }

  #pulseFrom(id: string, hop: Hop): void {
    const matched = new Set(
      ((hop.detail as { matchedRules?: string[] } | undefined)?.matchedRules ?? []).map((rule) => rule),
    );
    for (const edgeId of this.#edgesFrom.get(id) ?? []) {
      if (hop.kind === 'event' && matched.size > 0 && ![...matched].some((rule) => edgeId.includes(`/${rule}`)))
        continue;
      const path = this.#edges.get(edgeId);
      if (!path || !this.#svg) continue;
      const dot = s('circle', { r: 4, class: 'pulse' });
      const motion = s('animateMotion', {
        dur: '0.9s',
        repeatCount: '1',
        fill: 'freeze',
        path: path.getAttribute('d') ?? '',
      });
      dot.append(motion);
      this.#svg.append(dot);
      (motion as unknown as { beginElement?: () => void }).beginElement?.();
      setTimeout(() => dot.remove(), 1000);
    }
  }

  static nodeIdsOf(hop: Hop, graph: Graph): string[] {
    const byLabel = (kind: GraphNode['kind'][], label: string) =>
      graph.nodes.filter((node) => kind.includes(node.kind) && node.label === label).map((node) => node.id);
    switch (hop.kind) {
      case 'invocation':
      case 'log':
        return byLabel(['function'], hop.name);
      case 'queue':
        return byLabel(['queue', 'dlq'], hop.name);
      case 'event': {
        const matched = (hop.detail as { matchedRules?: string[] } | undefined)?.matchedRules ?? [];
        const bus = /on (\S+):/.exec(hop.summary)?.[1];
        return [
          ...(bus ? [`bus:${bus}`] : []),
          ...graph.nodes
            .filter((node) => node.kind === 'rule' && matched.some((rule) => node.id.endsWith(`/${rule}`)))
            .map((node) => node.id),
        ];
      }
      case 'pipe':
        return graph.nodes
          .filter((node) => node.kind === 'pipe' && node.id === `pipe:${hop.name}`)
          .map((node) => node.id);
      case 'saga':
        return graph.nodes
          .filter((node) => node.kind === 'stateMachine' && node.group === hop.lane)
          .map((node) => node.id);
      default:
        return [];
    }
  }
}
