// What-ifs of failure from the editor (issue: failures in the editor): a node fails, recovers, is
// cordoned, uncordoned or drained; a container crashes. Each asks which node or pod (unless the
// sidebar item or an argument says) and becomes a step of the current simulation, as scale and
// delete do; the engine's node lifecycle, eviction and kubelet do the rest.
import * as vscode from 'vscode';
import type { NodeAction } from '../engine/node-actions';
import type { Simulation } from './session';

/** The node actions the editor offers, with their quick-pick titles. */
export const NODE_ACTION_TITLES: Record<Exclude<NodeAction, 'taint' | 'untaint'>, () => string> = {
  fail: () => vscode.l10n.t('Which node fails (its kubelet stops)?'),
  recover: () => vscode.l10n.t('Which node recovers?'),
  cordon: () => vscode.l10n.t('Which node to cordon?'),
  uncordon: () => vscode.l10n.t('Which node to uncordon?'),
  drain: () => vscode.l10n.t('Which node to drain?'),
};

/** A node of the simulation at its end, picked by the user: each with its STATUS and pod count. */
export async function pickNode(sim: Simulation, title: string): Promise<string | undefined> {
  const state = sim.run.result.state;
  const items = state.nodes.map((n) => ({
    label: n.name,
    description: `${n.status} · ${vscode.l10n.t('{0} pods', state.pods.filter((p) => p.node === n.name).length)}`,
  }));
  return (await vscode.window.showQuickPick(items, { title }))?.label;
}

/** A running pod of the simulation, picked by the user, for a crash. */
export async function pickPod(sim: Simulation): Promise<{ name: string; namespace: string } | undefined> {
  const pods = sim.run.result.state.pods.filter((p) => p.node !== null);
  const items = pods.map((p) => ({
    label: p.name,
    description: `${p.namespace} · ${p.status}${p.node ? ` · ${p.node}` : ''}`,
    pod: { name: p.name, namespace: p.namespace },
  }));
  return (
    await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Which pod’s container crashes?') })
  )?.pod;
}

/** The node a sidebar node item stands for (its target), if the command came from one. */
export function nodeOf(arg: unknown): string | null {
  if (!arg || typeof arg !== 'object') return null;
  const target = (arg as { target?: { kind?: unknown; name?: unknown } }).target;
  return target?.kind === 'Node' && typeof target.name === 'string' ? target.name : null;
}
