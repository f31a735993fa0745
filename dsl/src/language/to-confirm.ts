import { AstUtils, CstUtils, GrammarUtils, isCompositeCstNode, type AstNode, type CstNode } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import type { Matter } from './generated/ast.js';

/**
 * The 待确认 (`tbc`) marker: a hidden terminal written after a value the source guide lacks, so it may stand after
 * any value without a grammar rule for each. Here each marker is tied to the value before it, as a place in the
 * matter (`limits.promised`, `hours`, `materials.items.申请表`) that the guide can mark and a submission can name.
 */

const markerType = 'TO_CONFIRM';

/** One value marked 待确认. */
export interface ToConfirmMark {
  /** Where in the matter: the properties from the matter down to the marked value, array items by name or index. */
  place: string;
  /** What the author wrote on the line up to the marker, as a person reads it back: `承诺 7 工作日`. */
  label: string;
  /** The node holding the marked value. */
  node: AstNode;
  /** The marker itself. */
  range: Range;
}

/** A marker with no value before it in the matter (right after `{`): it marks nothing. */
export interface StrayMark {
  range: Range;
}

const isMarker = (leaf: CstNode) =>
  leaf.hidden && (leaf as { tokenType?: { name: string } }).tokenType?.name === markerType;

function place(matter: Matter, value: CstNode): string | undefined {
  let node: AstNode | undefined = value.astNode;
  if (node === matter) return GrammarUtils.findAssignment(value)?.feature;
  const parts: string[] = [];
  while (node && node !== matter) {
    const name = (node as { name?: unknown }).name;
    const property = node.$containerProperty ?? '';
    const item = node.$containerIndex === undefined ? '' : `.${typeof name === 'string' ? name : node.$containerIndex}`;
    parts.unshift(`${property}${item}`);
    node = node.$container;
  }
  return node === matter ? parts.join('.') : undefined;
}

function lineLabel(text: string, marker: CstNode): string {
  const lineStart = text.lastIndexOf('\n', marker.offset - 1) + 1;
  return text
    .slice(lineStart, marker.offset)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[{｛;；]\s*/, '');
}

/** Every 待确认 in the matter, tied to the value before it; markers that follow no value are `stray`. */
export function toConfirmMarks(matter: Matter): { marks: ToConfirmMark[]; stray: StrayMark[] } {
  const root = matter.$cstNode;
  const marks: ToConfirmMark[] = [];
  const stray: StrayMark[] = [];
  if (!root) return { marks, stray };
  const text = AstUtils.getDocument(matter).textDocument.getText();
  let previous: CstNode | undefined;
  for (const leaf of CstUtils.streamCst(root)) {
    if (isCompositeCstNode(leaf)) continue;
    if (isMarker(leaf)) {
      const at = previous ? place(matter, previous) : undefined;
      if (previous && at)
        marks.push({ place: at, label: lineLabel(text, leaf), node: previous.astNode, range: leaf.range });
      else stray.push({ range: leaf.range });
    } else if (!leaf.hidden) {
      previous = leaf;
    }
  }
  return { marks, stray };
}
