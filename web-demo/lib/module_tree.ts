// The flat module list of a models.ts entry (each module names its parent) as a tree for display.
import type { ModuleEntry } from 'hf-model-import';

export interface ModuleNode {
  module: ModuleEntry;
  children: ModuleNode[];
}

/** Roots first, children in list order. A module whose parent is unknown becomes a root; cycles are cut. */
export function buildModuleTree(modules: ModuleEntry[]): ModuleNode[] {
  const nodes = new Map<string, ModuleNode>();
  for (const m of modules) if (!nodes.has(m.name)) nodes.set(m.name, { module: m, children: [] });
  const roots: ModuleNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.module.parent ? nodes.get(node.module.parent) : undefined;
    if (parent && parent !== node && !isAncestor(node, parent)) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

function isAncestor(candidate: ModuleNode, of: ModuleNode): boolean {
  const stack = [...candidate.children];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n === of) return true;
    stack.push(...n.children);
  }
  return false;
}

/** Every Definition name the tree uses, in first-seen order. */
export function allDefinitions(modules: ModuleEntry[]): string[] {
  const seen = new Set<string>();
  for (const m of modules) for (const d of m.definitions ?? []) seen.add(d);
  return [...seen];
}
