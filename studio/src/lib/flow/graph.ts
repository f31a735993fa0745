/**
 * The flow diagram of a matter, drawn from its compiled Definition (never edited: the text is the source): the
 * steps in order with their post and limit, parallel co-approvers side by side with their own limits, a first
 * review at a lower level with its own steps, and the special procedures that stop the clock. Laid out with dagre.
 */
import dagre from '@dagrejs/dagre';
import type { Definition, Step } from '@banshi/definition';

export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type NodeKind = 'start' | 'step' | 'lead' | 'coApprover' | 'firstReview' | 'special' | 'end';

export interface FlowNode {
  id: string;
  kind: NodeKind;
  title: string;
  detail: string;
  /** A step taken on some channels only, as a small label: 仅窗口, 仅网上, 仅窗口、快递. */
  only?: string;
  source?: SourceRange;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FlowEdge {
  id: string;
  from: string;
  to: string;
  dashed?: boolean;
  label?: string;
}

type Limit = Definition['limits']['legal'];

/** A limit as the guide says it: 5 个工作日, 10 日, 2 小时, 当日. */
export function limitText(limit: Limit): string {
  if (limit.amount === 0) return '当日';
  if (limit.unit === 'hours') return `${limit.amount} 小时`;
  if (limit.unit === 'days') return `${limit.amount} 日`;
  return `${limit.amount} 个工作日`;
}

const channelNames = { onSite: '窗口', online: '网上', express: '快递' } as const;

/** The label of a step limited to some channels (仅 现场 in the language), or undefined for a step every case takes. */
export function onlyLabel(step: Step): string | undefined {
  if (step.kind !== 'review' || !step.channels) return undefined;
  return `仅${step.channels.map(c => channelNames[c]).join('、')}`;
}

const width = 190;
const height = 58;

export function flowGraph(d: Definition): { nodes: FlowNode[]; edges: FlowEdge[]; width: number; height: number } {
  const nodes: Omit<FlowNode, 'x' | 'y'>[] = [];
  const edges: FlowEdge[] = [];
  const add = (node: Omit<FlowNode, 'x' | 'y' | 'width' | 'height'>) => {
    nodes.push({ ...node, width, height });
    return node.id;
  };
  const link = (from: string[], to: string, dashed = false, label?: string) => {
    for (const f of from)
      edges.push({ id: `${f}->${to}`, from: f, to, ...(dashed ? { dashed } : {}), ...(label ? { label } : {}) });
  };

  const start = add({
    id: 'start',
    kind: 'start',
    title: '提交申请',
    detail: `承诺 ${limitText(d.limits.promised)} · 法定 ${limitText(d.limits.legal)}`
  });

  /** Adds a run of steps after `before`; returns the nodes the next step follows from. */
  const run = (steps: Step[], before: string[], prefix = ''): string[] => {
    let tails = before;
    for (const step of steps) {
      if (step.kind === 'parallel') {
        const lead = add({
          id: step.id,
          kind: 'lead',
          title: `${prefix}并联审批`,
          detail: `牵头 ${step.lead.name} · ${limitText(step.limit)}`,
          source: step.source
        });
        link(tails, lead);
        const branches = step.coApprovers.map((co, i) => {
          const id = add({
            id: `${step.id}.co-${i + 1}`,
            kind: 'coApprover',
            title: co.department.name,
            detail: `${co.task ? `${co.task} · ` : ''}${limitText(co.limit)}`,
            source: co.source
          });
          link([lead], id);
          return id;
        });
        tails = branches;
      } else if (step.kind === 'firstReview') {
        const head = add({
          id: step.id,
          kind: 'firstReview',
          title: `下级初审 · ${step.department.name}`,
          detail: `合计不超过 ${limitText(step.limit)}`,
          source: step.source
        });
        link(tails, head);
        tails = run(step.steps, [head], '初审 · ');
      } else {
        const who = 'role' in step && step.role ? step.role : '';
        const only = onlyLabel(step);
        const id = add({
          id: step.id,
          kind: 'step',
          title: `${prefix}${step.label}`,
          detail: [who, limitText(step.limit)].filter(Boolean).join(' · '),
          ...(only ? { only } : {}),
          source: step.source
        });
        link(tails, id);
        tails = [id];
      }
    }
    return tails;
  };
  const tails = run(d.steps, [start]);
  const end = add({ id: 'end', kind: 'end', title: '办结', detail: d.result ? `${d.result.name}` : '作出决定' });
  link(tails, end);

  // Special procedures run during review and stop the clock: drawn beside the steps that may start them.
  const reviewStep = [...d.steps].reverse().find(s => s.kind === 'review' || s.kind === 'decision');
  d.specialProcedures.forEach((p, i) => {
    const id = add({
      id: `special-${i + 1}`,
      kind: 'special',
      title: `特别程序 · ${p.label}`,
      detail: `${p.maxDuration ? `最长 ${limitText(p.maxDuration)}，` : ''}不计入办理时限`,
      source: p.source
    });
    if (reviewStep) link([reviewStep.id], id, true, '可启动');
  });

  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 36, marginx: 8, marginy: 8 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of edges) g.setEdge(e.from, e.to);
  dagre.layout(g);
  const placed = nodes.map(n => {
    const p = g.node(n.id);
    return { ...n, x: p.x - n.width / 2, y: p.y - n.height / 2 };
  });
  const graph = g.graph();
  return { nodes: placed, edges, width: graph.width ?? 0, height: graph.height ?? 0 };
}
