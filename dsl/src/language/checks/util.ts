import { AstUtils, GrammarAST, GrammarUtils, isCompositeCstNode, type AstNode, type CstNode } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import type { LimitValue } from '../policy.js';

export function describeLimit(limit: LimitValue): string {
  if (limit.unit === 'workdays' && limit.amount === 0) return '当日';
  if (limit.unit === 'days') return `${limit.amount} 日`;
  return `${limit.amount} 个${limit.unit === 'workdays' ? '工作日' : '小时'}`;
}

const assignmentCache = new WeakMap<AstNode, Map<string, CstNode[]>>();

/** Every CST node assigned to a property of `node`, by property, in one walk (what findNodesForProperty finds per property). */
function assignments(node: AstNode): Map<string, CstNode[]> {
  let found = assignmentCache.get(node);
  if (!found) {
    const map = new Map<string, CstNode[]>();
    const visit = (cst: CstNode) => {
      if (!isCompositeCstNode(cst)) return;
      for (const child of cst.content) {
        const feature = AstUtils.getContainerOfType(child.grammarSource, GrammarAST.isAssignment)?.feature;
        if (feature) {
          const list = map.get(feature);
          if (list) list.push(child);
          else map.set(feature, [child]);
        } else if (isCompositeCstNode(child) && child.astNode === node) {
          visit(child);
        }
      }
    };
    if (node.$cstNode) visit(node.$cstNode);
    assignmentCache.set(node, map);
    found = map;
  }
  return found;
}

/** How many times a single-valued property was written: the AST keeps only the last. */
export function timesWritten(node: AstNode, property: string): number {
  return assignments(node).get(property)?.length ?? 0;
}

/** The range of the n-th time a property was written. */
export function propertyRange(node: AstNode, property: string, index = 0): Range | undefined {
  return assignments(node).get(property)?.[index]?.range;
}

/** The range of the first keyword among `keywords` written directly in the node. */
export function keywordRange(node: AstNode, ...keywords: string[]): Range | undefined {
  if (!node.$cstNode) return undefined;
  for (const keyword of keywords) {
    const found = GrammarUtils.findNodeForKeyword(node.$cstNode, keyword);
    if (found) return found.range;
  }
  return undefined;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}

/** The candidate closest to `text`, if it is close enough to be what the author meant. */
export function closest(text: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(text, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = Math.max(1, Math.floor(text.length / 3));
  return best !== undefined && bestDistance <= allowed ? best : undefined;
}
