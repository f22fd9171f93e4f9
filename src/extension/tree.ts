// The "Simulated Cluster" sidebar: nodes → pods → volumes, claims, Services → endpoints,
// Ingresses → rules → backends, and the workloads of the manifests. It shows the cluster at the
// timeline's cursor (the end of the run until the user moves it).
import * as vscode from 'vscode';
import { clusterAt, endpointsAt, type PodAt } from '../shared/cluster-at';
import type { Simulation, Simulator } from './session';
import { objectOf } from './manifests';
import { WorkloadOwners } from '../scenario/ownership';
import { type ObjectTarget } from './codelens';
import { isWorkloadKind } from '../engine/kinds';
import { COMMANDS, VIEWS } from './commands';

type NodeKind =
  | 'group'
  | 'node'
  | 'pod'
  | 'pvc'
  | 'volume'
  | 'service'
  | 'endpoint'
  | 'ingress'
  | 'rule'
  | 'workload'
  | 'info';

export interface TreeNode {
  kind: NodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  icon?: vscode.ThemeIcon;
  children?: () => TreeNode[];
  /** Object the item stands for: used by reveal, delete and scale. */
  target?: ObjectTarget;
}

export class ClusterTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private cursor: number | null = null;
  private readonly view: vscode.TreeView<TreeNode>;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly simulator: Simulator) {
    this.view = vscode.window.createTreeView(VIEWS.cluster, {
      treeDataProvider: this,
      showCollapseAll: true,
    });
    this.subscriptions.push(
      this.view,
      // The cursor comes from the timeline (setCursor), which decides it for every new run.
      simulator.onDidChange(() => this.refresh()),
      this.view.onDidChangeSelection((e) => {
        const target = e.selection[0]?.target;
        if (target) void vscode.commands.executeCommand(COMMANDS.revealSource, target);
      }),
    );
  }

  /** Follow the timeline's cursor (simulated seconds). */
  setCursor(t: number | null): void {
    this.cursor = t;
    this.refresh();
  }

  private refresh(): void {
    const sim = this.simulator.simulation;
    this.view.description = sim
      ? this.cursor === null
        ? vscode.l10n.t('{0} · end of run', sim.title)
        : vscode.l10n.t('{0} · t={1}s', sim.title, Math.round(this.cursor * 10) / 10)
      : undefined;
    this.changed.fire(undefined);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const state = node.children
      ? vscode.TreeItemCollapsibleState.Expanded
      : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.label, state);
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = node.icon;
    item.contextValue = node.kind;
    return item;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node) return node.children?.() ?? [];
    const sim = this.simulator.simulation;
    if (!sim) return [];
    return rootNodes(sim, this.cursor);
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.changed.dispose();
  }
}

const POD_ICON: Record<string, string> = {
  Running: 'pass-filled',
  Pending: 'circle-large-outline',
  ContainerCreating: 'loading',
  Terminating: 'trash',
  Completed: 'check',
  Error: 'error',
};

function podIcon(p: PodAt): vscode.ThemeIcon {
  const color =
    p.status === 'Running' && p.ready
      ? 'testing.iconPassed'
      : p.status === 'Running'
        ? 'list.warningForeground'
        : undefined;
  return new vscode.ThemeIcon(
    POD_ICON[p.status] ?? 'circle-outline',
    color ? new vscode.ThemeColor(color) : undefined,
  );
}

function sourceOf(sim: Simulation, kind: string, name: string, namespace: string): ObjectTarget | undefined {
  for (const f of sim.files) {
    for (const doc of f.docs) {
      const o = objectOf(doc);
      if (o && o.kind === kind && o.name === name && o.namespace === namespace) {
        return { uri: f.uri.toString(), kind, name, namespace, line: doc.source.start.line };
      }
    }
  }
  return undefined;
}

function rootNodes(sim: Simulation, cursor: number | null): TreeNode[] {
  const result = sim.run.result;
  const at = clusterAt(result, cursor);
  const owners = new WorkloadOwners([...result.steps.map((st) => st.state), result.state]);
  const podTarget = (p: PodAt): ObjectTarget =>
    sourceOf(sim, 'Pod', p.name, p.namespace) ??
    (p.owner ? sourceOf(sim, p.owner.kind, p.owner.name, p.namespace) : undefined) ?? {
      uri: '',
      kind: 'Pod',
      name: p.name,
      namespace: p.namespace,
      line: 0,
    };
  const podNode = (p: PodAt): TreeNode => ({
    kind: 'pod',
    label: p.name,
    description: [p.status, p.ready ? 'ready' : 'not ready', p.ip ?? ''].filter(Boolean).join(' · '),
    tooltip: `${p.namespace}/${p.name}: ${p.status}${p.node ? ` on ${p.node}` : ''}`,
    icon: podIcon(p),
    target: { ...podTarget(p), kind: 'Pod', name: p.name },
    children:
      p.claims.length > 0
        ? () =>
            p.claims.map((c) => {
              const claim = at.pvcs.find((x) => x.name === c && x.namespace === p.namespace);
              return {
                kind: 'volume' as const,
                label: c,
                description: claim
                  ? `${claim.status}${claim.volume ? ` · ${claim.volume}` : ''}`
                  : vscode.l10n.t('missing'),
                icon: new vscode.ThemeIcon('database'),
              };
            })
        : undefined,
  });
  const nodes: TreeNode[] = result.state.nodes.map((n) => {
    // The node's STATUS at the cursor, when it is not plain Ready (NotReady, SchedulingDisabled).
    const status = at.nodeStatus[n.name] ?? n.status;
    const pods = vscode.l10n.t('{0} pods', at.pods.filter((p) => p.node === n.name).length);
    return {
      kind: 'node',
      label: n.name,
      description: status === 'Ready' ? pods : `${status} · ${pods}`,
      icon: new vscode.ThemeIcon(status.startsWith('NotReady') ? 'error' : 'server'),
      // The node the failure commands of its context menu act on (no manifest to reveal).
      target: { uri: '', kind: 'Node', name: n.name, namespace: '', line: 0 },
      children: () => at.pods.filter((p) => p.node === n.name).map(podNode),
    };
  });
  const unscheduled = at.pods.filter((p) => !p.node);
  if (unscheduled.length > 0) {
    nodes.push({
      kind: 'group',
      label: vscode.l10n.t('Not scheduled'),
      icon: new vscode.ThemeIcon('warning'),
      children: () => unscheduled.map(podNode),
    });
  }
  const groups: TreeNode[] = [
    {
      kind: 'group',
      label: vscode.l10n.t('Nodes'),
      icon: new vscode.ThemeIcon('server-environment'),
      children: () => nodes,
    },
  ];
  const workloads = sim.files.flatMap((f) =>
    f.docs
      .map(objectOf)
      .filter((o): o is NonNullable<typeof o> => !!o && isWorkloadKind(o.kind))
      .map((o): TreeNode => ({
        kind: 'workload',
        label: `${o.kind}/${o.name}`,
        description: vscode.l10n.t(
          '{0} pods',
          at.pods.filter((p) => owners.controls(o, p.owner, p.namespace)).length,
        ),
        icon: new vscode.ThemeIcon('layers'),
        target: {
          uri: f.uri.toString(),
          kind: o.kind,
          name: o.name,
          namespace: o.namespace,
          line: o.doc.source.start.line,
        },
      })),
  );
  if (workloads.length > 0) {
    groups.push({
      kind: 'group',
      label: vscode.l10n.t('Workloads'),
      icon: new vscode.ThemeIcon('layers'),
      children: () => workloads,
    });
  }
  if (at.pvcs.length > 0) {
    groups.push({
      kind: 'group',
      label: vscode.l10n.t('PersistentVolumeClaims'),
      icon: new vscode.ThemeIcon('database'),
      children: () =>
        at.pvcs.map((c) => ({
          kind: 'pvc' as const,
          label: c.name,
          description: [c.status, c.volume ?? '', c.node ?? ''].filter(Boolean).join(' · '),
          icon: new vscode.ThemeIcon('database'),
          target: sourceOf(sim, 'PersistentVolumeClaim', c.name, c.namespace) ?? {
            uri: '',
            kind: 'PersistentVolumeClaim',
            name: c.name,
            namespace: c.namespace,
            line: 0,
          },
        })),
    });
  }
  const budgets = result.state.pdbs ?? [];
  if (budgets.length > 0) {
    groups.push({
      kind: 'group',
      label: vscode.l10n.t('PodDisruptionBudgets'),
      icon: new vscode.ThemeIcon('shield'),
      children: () =>
        budgets.map((b) => ({
          kind: 'info' as const,
          label: b.name,
          description: vscode.l10n.t(
            '{0} disruptions allowed · {1} healthy, {2} needed',
            b.disruptionsAllowed,
            b.currentHealthy,
            b.desiredHealthy,
          ),
          icon: new vscode.ThemeIcon('shield'),
        })),
    });
  }
  if (result.state.services.length > 0) {
    groups.push({
      kind: 'group',
      label: vscode.l10n.t('Services'),
      icon: new vscode.ThemeIcon('plug'),
      children: () =>
        result.state.services.map((s) => ({
          kind: 'service' as const,
          label: s.name,
          description: `${s.type} · ${s.clusterIP}`,
          icon: new vscode.ThemeIcon('plug'),
          target: sourceOf(sim, 'Service', s.name, s.namespace),
          children: () => {
            // At the cursor, as the pods are listed: never a pod that is not there yet as ready.
            const endpoints = endpointsAt(result, s, cursor === null ? null : at);
            // The API server and CoreDNS pods answer cluster Services but are not simulated.
            const none =
              s.servedBy === 'apiserver'
                ? vscode.l10n.t('the API server (outside the simulation)')
                : s.servedBy === 'coredns'
                  ? vscode.l10n.t(
                      'the CoreDNS pods (outside the simulation; their DNS answers are simulated)',
                    )
                  : vscode.l10n.t('no endpoints');
            return endpoints.length === 0
              ? [{ kind: 'info' as const, label: none }]
              : endpoints.map((e) => ({
                  kind: 'endpoint' as const,
                  label: e.pod,
                  description: `${e.ip}${e.ready ? '' : ` · ${vscode.l10n.t('not ready')}`}`,
                  icon: new vscode.ThemeIcon(e.ready ? 'pass' : 'circle-slash'),
                }));
          },
        })),
    });
  }
  if (result.state.ingresses.length > 0) {
    groups.push({
      kind: 'group',
      label: vscode.l10n.t('Ingresses'),
      icon: new vscode.ThemeIcon('globe'),
      children: () =>
        result.state.ingresses.map((i) => ({
          kind: 'ingress' as const,
          label: i.name,
          description: [i.className ?? vscode.l10n.t('no class'), i.canary ? 'canary' : '']
            .filter(Boolean)
            .join(' · '),
          icon: new vscode.ThemeIcon('globe'),
          target: sourceOf(sim, 'Ingress', i.name, i.namespace),
          children: () =>
            i.rules.map((r) => ({
              kind: 'rule' as const,
              label: r.host ?? '*',
              icon: new vscode.ThemeIcon('symbol-namespace'),
              children: () =>
                r.paths.map((p) => ({
                  kind: 'rule' as const,
                  label: `${p.path} (${p.pathType})`,
                  description: `→ ${p.service}:${p.port}`,
                  icon: new vscode.ThemeIcon('arrow-right'),
                })),
            })),
        })),
    });
  }
  return groups;
}
