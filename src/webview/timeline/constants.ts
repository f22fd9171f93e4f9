// The page's constants: zoom levels, row heights, workload kinds and their order, the script nonce.

export const DATA_ID = 'k8s-sim-data';
/** The l10n bundle's data island (src/scenario/html.ts L10N_ELEMENT_ID). */
export const L10N_ID = 'k8s-sim-l10n';
export const ZOOMS = [1, 2, 4, 8, 16, 32];
/** The least room between two time ticks: a label such as `12m30s` and a gap. */
export const MIN_TICK_PX = 60;
export const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'DaemonSet',
  'Job',
  'CronJob',
]);
export const KIND_RANK: Record<string, number> = {
  Deployment: 0,
  CronJob: 0,
  StatefulSet: 1,
  ReplicaSet: 1,
  DaemonSet: 1,
  Job: 1,
};
export const SHORT_KIND: Record<string, string> = {
  Pod: 'Pod',
  PersistentVolumeClaim: 'PVC',
  Node: 'Node',
  PodDisruptionBudget: 'PDB',
};
export const GROUP_H = 26;
/** A lane: its state bar on top, its event markers in a strip below, never over the text. */
export const LANE_H = 26;
/** Rows drawn above and below the visible ones. */
export const OVERSCAN = 12;
/** Pods listed per node in the snapshot before "Show all". */
export const PODS_PER_NODE = 40;
/** A run plays in about this many seconds (at least one simulated second per second). */
export const PLAY_SECONDS = 20;

// The nonce of this script: lit falls back to <style> elements (which need it) only where
// adoptedStyleSheets is missing; Chromium and VS Code use constructable stylesheets.
export const scriptNonce =
  document.currentScript instanceof HTMLScriptElement ? document.currentScript.nonce : '';
