// The `spec.cluster` part of a scenario file (contracts 1 and 5.1): nodes with labels, capacity
// and taints, the ingress controller, timing, storage classes and image behaviours. Every
// message names the line and column of the key or value at fault.
import { isScalar } from 'yaml';
import { resourceAmount } from '../engine/scheduler/resources';
import type { Taint } from 'kubernetes-types/core/v1';
import {
  DEFAULT_CLUSTER,
  type ClusterConfig,
  type ImageBehaviour,
  type NodeSpecInput,
  type Timing,
} from '../engine/types';
import { Field, NodeReader } from './yaml-fields';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

function withHostname(node: NodeSpecInput): NodeSpecInput {
  // The kubelet labels every node with its hostname; an explicit label in the file wins.
  return { ...node, labels: { 'kubernetes.io/hostname': node.name, ...node.labels } };
}

export function defaultCluster(): ClusterConfig {
  return {
    nodes: DEFAULT_CLUSTER.nodes.map(withHostname),
    images: {},
    ingressController: DEFAULT_CLUSTER.ingressController,
    timing: { ...DEFAULT_CLUSTER.timing },
    storageClasses: DEFAULT_CLUSTER.storageClasses.map((sc) => ({ ...sc })),
  };
}

export class ClusterReader extends NodeReader {
  // --- cluster -----------------------------------------------------------------------------

  protected cluster(field: Field): ClusterConfig {
    const f = this.fields(field, 'spec.cluster', [
      'nodes',
      'images',
      'ingressController',
      'timing',
      'storageClasses',
    ]);
    const cluster = defaultCluster();
    const nodes = f.get('nodes');
    if (nodes) {
      const seen = new Set<string>();
      cluster.nodes = this.list(nodes, '"nodes" in spec.cluster').map((n) => {
        const node = this.clusterNode(n);
        if (seen.has(node.name)) this.fail(n, `node "${node.name}" is listed twice`);
        seen.add(node.name);
        return node;
      });
    }
    const images = f.get('images');
    if (images) cluster.images = this.images(images);
    const ingress = f.get('ingressController');
    if (ingress) {
      const value = this.string(ingress, f.label('ingressController'));
      if (value !== 'nginx' && value !== 'none') {
        this.fail(ingress.at, `${f.label('ingressController')} must be nginx or none (got "${value}")`);
      }
      cluster.ingressController = value;
    }
    const timing = f.get('timing');
    if (timing) cluster.timing = this.timing(timing);
    const classes = f.get('storageClasses');
    if (classes) {
      const seen = new Set<string>();
      cluster.storageClasses = this.list(classes, '"storageClasses" in spec.cluster').map((c) => {
        const sc = this.storageClass(c);
        if (seen.has(sc.name)) this.fail(c, `storage class "${sc.name}" is listed twice`);
        seen.add(sc.name);
        return sc;
      });
    }
    return cluster;
  }

  private clusterNode(node: unknown): NodeSpecInput {
    const value = this.deref(node);
    if (isScalar(value) && typeof value.value === 'string') {
      if (value.value === '') this.fail(node, 'a node name must not be empty');
      return withHostname({ name: value.value });
    }
    const f = this.fields(
      node,
      'node',
      ['name', 'labels', 'unschedulable', 'capacity', 'taints'],
      'a node name or a map',
    );
    const result: NodeSpecInput = { name: this.name(f.required('name'), f.label('name')) };
    const labels = f.get('labels');
    if (labels) result.labels = this.stringMap(labels, f.label('labels'));
    const unschedulable = f.get('unschedulable');
    if (unschedulable) result.unschedulable = this.boolean(unschedulable, f.label('unschedulable'));
    const capacity = f.get('capacity');
    if (capacity) result.capacity = this.capacity(capacity);
    const taints = f.get('taints');
    if (taints) result.taints = this.list(taints, f.label('taints')).map((t) => this.taint(t));
    return withHostname(result);
  }

  /** A node's allocatable (contract 5.1): quantities as the API writes them, pods a count. */
  private capacity(field: Field): NonNullable<NodeSpecInput['capacity']> {
    const f = this.fields(field, 'node capacity', ['cpu', 'memory', 'pods', 'ephemeral-storage']);
    const out: NonNullable<NodeSpecInput['capacity']> = {};
    for (const name of ['cpu', 'memory', 'ephemeral-storage'] as const) {
      const q = f.get(name);
      if (!q) continue;
      const text = this.looseString(q, f.label(name));
      const amount = resourceAmount(name, text);
      if (amount === null || amount < 0) {
        this.fail(q.at, `${f.label(name)} must be a quantity such as 2, 500m, 4Gi (got "${text}")`);
      }
      out[name] = text;
    }
    const pods = f.get('pods');
    if (pods) out.pods = this.integer(pods, f.label('pods'), 0, 1_000_000);
    return out;
  }

  /** Contract 5.1 `cluster.images`: image key → {pull: fail} or {exitAfter, exitCode}. */
  private images(field: Field): Record<string, ImageBehaviour> {
    return this.entries(field, '"images" in spec.cluster', (value, label) => {
      const f = this.fields(value, label, ['pull', 'exitAfter', 'exitCode', 'unhealthyAfter']);
      const behaviour: ImageBehaviour = {};
      const pull = f.get('pull');
      if (pull && this.oneOf(pull, f.label('pull'), ['fail', 'ok'] as const) === 'fail')
        behaviour.pull = 'fail';
      const exitAfter = f.get('exitAfter');
      if (exitAfter) behaviour.exitAfter = this.duration(exitAfter, f.label('exitAfter'));
      const unhealthy = f.get('unhealthyAfter');
      if (unhealthy) behaviour.unhealthyAfter = this.duration(unhealthy, f.label('unhealthyAfter'));
      const exitCode = f.get('exitCode');
      if (exitCode) {
        if (!exitAfter) {
          this.fail(exitCode.key, `${f.label('exitCode')} needs "exitAfter" (when the container exits)`);
        }
        behaviour.exitCode = this.integer(exitCode, f.label('exitCode'), 0, 255);
      }
      return behaviour;
    });
  }

  protected taint(node: unknown): Taint {
    const f = this.fields(node, 'taint', ['key', 'value', 'effect']);
    const taint: Taint = {
      key: this.name(f.required('key'), f.label('key')),
      effect: this.oneOf(f.required('effect'), f.label('effect'), TAINT_EFFECTS),
    };
    const value = f.get('value');
    if (value) taint.value = this.looseString(value, f.label('value'));
    return taint;
  }

  private timing(field: Field): Timing {
    const f = this.fields(field, 'spec.cluster.timing', [
      'containerStart',
      'provision',
      'attach',
      'sigtermExit',
    ]);
    const timing: Timing = { ...DEFAULT_CLUSTER.timing };
    for (const key of ['containerStart', 'provision', 'attach'] as const) {
      const v = f.get(key);
      if (v) timing[key] = this.duration(v, f.label(key));
    }
    const sigterm = f.get('sigtermExit');
    if (sigterm)
      timing.sigtermExit = this.isNull(sigterm.value) ? null : this.duration(sigterm, f.label('sigtermExit'));
    return timing;
  }

  private storageClass(node: unknown): ClusterConfig['storageClasses'][number] {
    const f = this.fields(node, 'storage class', [
      'name',
      'provisioner',
      'volumeBindingMode',
      'reclaimPolicy',
      'isDefault',
    ]);
    const sc: ClusterConfig['storageClasses'][number] = {
      name: this.name(f.required('name'), f.label('name')),
      provisioner: this.name(f.required('provisioner'), f.label('provisioner')),
    };
    const mode = f.get('volumeBindingMode');
    if (mode)
      sc.volumeBindingMode = this.oneOf<'Immediate' | 'WaitForFirstConsumer'>(
        mode,
        f.label('volumeBindingMode'),
        ['Immediate', 'WaitForFirstConsumer'],
      );
    const reclaim = f.get('reclaimPolicy');
    if (reclaim)
      sc.reclaimPolicy = this.oneOf<'Delete' | 'Retain'>(reclaim, f.label('reclaimPolicy'), [
        'Delete',
        'Retain',
      ]);
    const isDefault = f.get('isDefault');
    if (isDefault) sc.isDefault = this.boolean(isDefault, f.label('isDefault'));
    return sc;
  }
}
