// The models.ts module tree: collapsible blocks, each module with its count and its Definitions;
// Definitions missing from the catalogue are marked, unsupported layer kinds are flagged.
import type { ModuleEntry } from 'hf-model-import';

import { allDefinitions, buildModuleTree, type ModuleNode } from '../lib/module_tree';

interface Props {
  modules: ModuleEntry[];
  family: string;
  missing: string[];
}

function Definitions({ names, missing }: { names: string[]; missing: Set<string> }) {
  if (names.length === 0) return null;
  return (
    <ul className="definitions">
      {names.map((d) => (
        <li key={d} className={missing.has(d) ? 'definition missing' : 'definition'} data-missing={missing.has(d) ? 'true' : 'false'}>
          <code>{d}</code>
          {missing.has(d) && <span className="badge missing-badge">missing</span>}
        </li>
      ))}
    </ul>
  );
}

function NodeLine({ m }: { m: ModuleEntry }) {
  return (
    <span className="module-line">
      <span className="module-name">{m.name}</span> <span className={`badge type-${m.type}`}>{m.type}</span>{' '}
      <span className="module-count" data-testid="module-count">
        ×{m.count}
      </span>
      {m.unsupported && <span className="badge unsupported-badge">unsupported</span>}
      {m.note && <span className="module-note"> {m.note}</span>}
    </span>
  );
}

function Node({ node, missing }: { node: ModuleNode; missing: Set<string> }) {
  const m = node.module;
  const attrs = { 'data-module': m.name, 'data-count': m.count, 'data-type': m.type };
  if (node.children.length === 0) {
    return (
      <li className="module leaf" {...attrs}>
        <NodeLine m={m} />
        <Definitions names={m.definitions ?? []} missing={missing} />
      </li>
    );
  }
  return (
    <li className="module" {...attrs}>
      <details open>
        <summary>
          <NodeLine m={m} /> <span className="child-count">({node.children.length} children)</span>
        </summary>
        <Definitions names={m.definitions ?? []} missing={missing} />
        <ul className="tree">
          {node.children.map((c) => (
            <Node key={c.module.name} node={c} missing={missing} />
          ))}
        </ul>
      </details>
    </li>
  );
}

export function ModuleTreeView({ modules, family, missing }: Props) {
  const roots = buildModuleTree(modules);
  const missingSet = new Set(missing);
  const definitions = allDefinitions(modules);
  const layers = modules.filter((m) => m.type === 'layer').length;
  return (
    <section className="card" data-testid="module-tree">
      <h2>Module tree</h2>
      <p className="note">
        Family <code>{family}</code>: {modules.length} modules ({layers} layers), {definitions.length} Definitions,{' '}
        {definitions.filter((d) => missingSet.has(d)).length} missing from the catalogue.
      </p>
      <ul className="tree root">
        {roots.map((r) => (
          <Node key={r.module.name} node={r} missing={missingSet} />
        ))}
      </ul>
    </section>
  );
}
