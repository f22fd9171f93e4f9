// The editor's quick picks for scale and delete, and the object a palette command works on when
// no CodeLens or sidebar item says: what they list comes from analysis/picks.ts (node-tested).
import * as vscode from 'vscode';
import { WorkloadOwners } from '../scenario/ownership';
import type { FileObject } from './analysis/picks';
import { core } from './core-loader';
import type { ObjectTarget } from './codelens';
import type { Simulation } from './session';

/** A replica count: the current one labelled, current + 2 preselected, any typed number accepted. */
export function pickReplicas(target: ObjectTarget, current: number): Promise<number | undefined> {
  const { choices, preselected } = core().replicaChoices(current);
  type Item = vscode.QuickPickItem & { replicas: number };
  const listed: Item[] = choices.map((c) => ({
    label: String(c.replicas),
    description: c.current ? vscode.l10n.t('current') : undefined,
    replicas: c.replicas,
  }));
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = vscode.l10n.t('Scale {0} {1} to', target.kind, target.name);
  pick.placeholder = vscode.l10n.t(
    'Pick or type a number from 0 to {0}',
    core().MAX_REPLICAS.toLocaleString('en'),
  );
  const preselect = () => {
    const item = pick.items.find((i) => i.replicas === preselected);
    if (item) pick.activeItems = [item];
  };
  pick.items = listed;
  preselect();
  pick.onDidChangeValue((value) => {
    const n = core().typedReplicas(value);
    const typed: Item[] =
      n !== null && !listed.some((i) => i.replicas === n)
        ? [{ label: String(n), description: vscode.l10n.t('typed'), replicas: n, alwaysShow: true }]
        : [];
    pick.items = [...typed, ...listed];
    if (typed.length > 0) pick.activeItems = typed;
    else if (value === '') preselect();
  });
  return new Promise((resolve) => {
    let chosen: number | undefined;
    pick.onDidAccept(() => {
      chosen = pick.selectedItems[0]?.replicas ?? core().typedReplicas(pick.value) ?? undefined;
      if (chosen !== undefined) pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}

/** One of the file's objects a command applies to, picked by the user. */
export async function pickObject(candidates: FileObject[], title: string): Promise<FileObject | undefined> {
  const items = candidates.map((o) => ({
    label: `${o.kind}/${o.name}`,
    description: vscode.l10n.t('line {0}', o.line),
    object: o,
  }));
  return (await vscode.window.showQuickPick(items, { title }))?.object;
}

/** Pods the simulation created for the object (at the end of the run), or the object itself. */
export async function pickVictim(
  sim: Simulation,
  target: ObjectTarget,
): Promise<{ kind: string; name: string } | undefined> {
  const result = sim.run.result;
  const owners = new WorkloadOwners([...result.steps.map((st) => st.state), result.state]);
  const owned = result.state.pods.filter((p) => owners.controls(target, p.owner, p.namespace));
  type Item = vscode.QuickPickItem & { victim: { kind: string; name: string } };
  const items: Item[] = owned.map((p) => ({
    label: p.name,
    description: `${p.status}${p.node ? ` · ${p.node}` : ''}`,
    victim: { kind: 'Pod', name: p.name },
  }));
  items.push({
    label: `${target.kind}/${target.name}`,
    description: vscode.l10n.t('the object itself'),
    victim: { kind: target.kind, name: target.name },
  });
  const choice = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Simulate delete') });
  return choice?.victim;
}
