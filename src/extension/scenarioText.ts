// `K8s Sim: Save as Scenario…`: the steps taken in the editor as a scenario file that
// `k8s-sim run` replays. No vscode import, so it is unit-tested (and parsed back) in Node.
import type { Step } from '../scenario/scenario';
import type { ScenarioResult } from '../scenario/run';

export interface RecordedSimulation {
  title: string;
  steps: Step[];
  run: { result: Pick<ScenarioResult, 'state'> };
}

/** The steps of a simulation as a Scenario file's text (`K8s Sim: Save as Scenario…`). */
export function scenarioText(sim: RecordedSimulation, manifestPaths: string[]): string {
  const lines = [
    'apiVersion: k8s-sim/v1',
    'kind: Scenario',
    'metadata:',
    `  name: ${yamlScalar(slug(sim.title))}`,
    '  annotations:',
    `    description: ${yamlScalar(`steps recorded in K8s Sim from ${sim.title}`)}`,
    'spec:',
    '  seed: 1',
    '  manifests:',
    ...manifestPaths.map((p) => `    - file: ${yamlScalar(p)}`),
    '  steps:',
  ];
  if (sim.steps.length === 0) lines.push('    []');
  for (const step of sim.steps) lines.push(...stepYaml(step));
  const last = sim.run.result.state;
  lines.push('    # what the simulation showed at the end:');
  lines.push('    - expect:');
  lines.push(`        pods: [${last.pods.map((p) => yamlScalar(p.name)).join(', ')}]`);
  lines.push(`        pvcs: [${last.pvcs.map((p) => yamlScalar(p.name)).join(', ')}]`);
  return `${lines.join('\n')}\n`;
}

function stepYaml(step: Step): string[] {
  switch (step.type) {
    case 'scale':
      return [
        `    - scale: {kind: ${step.kind}, name: ${yamlScalar(step.name)}, replicas: ${step.replicas}}`,
      ];
    case 'delete':
      return [`    - delete: {kind: ${step.kind}, name: ${yamlScalar(step.name)}}`];
    case 'request': {
      const parts = [`url: ${JSON.stringify(step.url)}`];
      if (Object.keys(step.headers).length > 0) parts.push(`headers: ${JSON.stringify(step.headers)}`);
      if (Object.keys(step.cookies).length > 0) parts.push(`cookies: ${JSON.stringify(step.cookies)}`);
      if (step.count !== 1) parts.push(`count: ${step.count}`);
      return [`    - request: {${parts.join(', ')}}`];
    }
    case 'wait':
      return [`    - wait: ${step.seconds}s`];
    case 'node':
      return [`    - node: {name: ${yamlScalar(step.name)}, action: ${step.action}}`];
    case 'crash': {
      const container = step.container ? `, container: ${yamlScalar(step.container)}` : '';
      return [`    - crash: {pod: ${yamlScalar(step.pod)}${container}, exitCode: ${step.exitCode}}`];
    }
    case 'rollout': {
      const to = step.toRevision > 0 ? `, toRevision: ${step.toRevision}` : '';
      return [
        `    - rollout: {kind: ${step.kind}, name: ${yamlScalar(step.name)}, action: ${step.action}${to}}`,
      ];
    }
    default:
      return [];
  }
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || 'simulation'
  );
}

/** A YAML plain scalar when safe, else a JSON string (valid YAML). */
function yamlScalar(text: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(text) ? text : JSON.stringify(text);
}
