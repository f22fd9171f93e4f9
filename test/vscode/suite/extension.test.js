// K8s Sim inside a real VS Code: activation, commands, CodeLens, simulation steps, hover,
// diagnostics and the quick fix, on the course's manifests (workspace folder test/vscode/workspace).
/* global require, suite, test, suiteSetup, setTimeout */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports */
const assert = require('assert');
const vscode = require('vscode');

const ID = 'k8s-sim.k8s-sim';

function file(rel) {
  const folder = vscode.workspace.workspaceFolders[0].uri;
  return vscode.Uri.joinPath(folder, ...rel.split('/'));
}

async function open(rel) {
  const doc = await vscode.workspace.openTextDocument(file(rel));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function target(doc, kind, name) {
  const text = doc.getText().split('\n');
  const line = text.findIndex((l) => l.startsWith('kind: ' + kind)) + 1;
  return { uri: doc.uri.toString(), kind, name, namespace: 'default', line: Math.max(1, line - 1) };
}

/** Polls `fn` until it returns a value; `ms` bounds a wait that would never end (not a speed target). */
async function waitFor(fn, what, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('K8s Sim extension', () => {
  let api;
  let coreAtActivation;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension(ID);
    assert.ok(ext, 'extension is installed');
    // Active already (the folder holds YAML files), or activated here: either way before any
    // YAML file is opened.
    api = await ext.activate();
    coreAtActivation = api.coreLoaded;
    await open('course/stateful-db.yaml');
  });

  test('activation loads only the editor’s wiring; the parser and engine come with the first YAML file', async () => {
    assert.strictEqual(coreAtActivation, false, 'extension-core.js was loaded before anything needed it');
    const doc = await open('course/stateful-db.yaml');
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri);
    assert.ok(lenses.length > 0);
    assert.strictEqual(api.coreLoaded, true);
  });

  test('simulations run on a worker thread, not on the extension host’s', () => {
    assert.strictEqual(api.simulator.offThread, true);
  });

  test('activates on a YAML file and registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const c of [
      'k8sSim.simulate',
      'k8sSim.simulateScale',
      'k8sSim.simulateDelete',
      'k8sSim.simulateTraffic',
      'k8sSim.simulateNodeFailure',
      'k8sSim.simulateNodeRecovery',
      'k8sSim.simulateCordon',
      'k8sSim.simulateUncordon',
      'k8sSim.simulateDrain',
      'k8sSim.simulateCrash',
      'k8sSim.runScenario',
      'k8sSim.saveAsScenario',
      'k8sSim.showTimeline',
    ]) {
      assert.ok(commands.includes(c), c);
    }
  });

  test('CodeLens above the StatefulSet: Simulate, Simulate scale…, Simulate delete…', async () => {
    const doc = await open('course/stateful-db.yaml');
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 10);
    const titles = lenses.map((l) => l.command && l.command.title);
    assert.deepStrictEqual(
      titles.filter((t) => /Simulate/.test(t)),
      ['$(play) Simulate', 'Simulate scale…', 'Simulate delete…'],
    );
  });

  test('the lesson: scale to 3, delete pod 1, scale to 0', async () => {
    const doc = await open('course/stateful-db.yaml');
    const sts = target(doc, 'StatefulSet', 'stateful-db');
    await vscode.commands.executeCommand('k8sSim.reset');
    let sim = await vscode.commands.executeCommand('k8sSim.simulateScale', sts, 3);
    assert.deepStrictEqual(
      sim.run.result.state.pods.map((p) => p.name).filter((n) => n.startsWith('stateful-db')),
      ['stateful-db-0', 'stateful-db-1', 'stateful-db-2'],
    );
    const created = sim.run.result.events
      .filter((e) => e.reason === 'SuccessfulCreate' && e.object.name === 'stateful-db')
      .map((e) => e.message);
    assert.deepStrictEqual(created, [
      'create Pod stateful-db-0 in StatefulSet stateful-db successful',
      'create Pod stateful-db-1 in StatefulSet stateful-db successful',
      'create Pod stateful-db-2 in StatefulSet stateful-db successful',
    ]);
    sim = await vscode.commands.executeCommand('k8sSim.simulateDelete', sts, 'stateful-db-1');
    const incarnations = sim.run.result.objects.filter((o) => o.name === 'stateful-db-1');
    assert.strictEqual(incarnations.length, 2, 'pod 1 came back under the same name');
    sim = await vscode.commands.executeCommand('k8sSim.simulateScale', sts, 0);
    assert.deepStrictEqual(
      sim.run.result.state.pods.filter((p) => p.name.startsWith('stateful-db')),
      [],
    );
    assert.strictEqual(sim.steps.length, 3, 'the three clicks are three steps of one simulation');
    assert.strictEqual(api.simulator.simulation, sim);
  });

  test('one cursor: a step added puts the page and the sidebar at its start; endpoints at the cursor', async () => {
    const doc = await open('course/stateful-pvc.yaml');
    const sts = target(doc, 'StatefulSet', 'stateful-pvc');
    await vscode.commands.executeCommand('k8sSim.reset');
    const sim = await vscode.commands.executeCommand('k8sSim.simulateScale', sts, 3);
    const step = sim.run.result.steps.at(-1);
    assert.strictEqual(step.type, 'scale');
    assert.strictEqual(
      api.timeline.cursorTime,
      step.start,
      'the cursor is at the start of the step just added',
    );
    const endpoints = () => {
      const services = api.tree.getChildren().find((n) => n.kind === 'group' && n.label === 'Services');
      const svc = services.children().find((n) => n.label === 'stateful-headless');
      return svc.children().map((n) => n.label);
    };
    assert.deepStrictEqual(endpoints(), ['stateful-pvc-0'], 'pods 1 and 2 do not exist yet at the cursor');
    api.timeline.setCursor(step.end + 3600);
    assert.deepStrictEqual(endpoints(), ['stateful-pvc-0', 'stateful-pvc-1', 'stateful-pvc-2']);
  });

  test('a half-typed line keeps the last valid version for the lenses and the simulation, and says so', async () => {
    const doc = await open('course/stateful-db.yaml');
    const sts = target(doc, 'StatefulSet', 'stateful-db');
    await vscode.commands.executeCommand('k8sSim.reset');
    await vscode.commands.executeCommand('k8sSim.simulateScale', sts, 2);
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('replicas:'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(line, 0), '  labels: {app: [\n');
    await vscode.workspace.applyEdit(edit);
    const sim = await waitFor(() => {
      const s = api.simulator.simulation;
      return s && s.files[0].stale ? s : null;
    }, 'the re-run on the last valid version');
    assert.strictEqual(sim.steps.length, 1, 'the added step stays');
    assert.ok(
      sim.run.result.state.pods.some((p) => p.name === 'stateful-db-1'),
      'the workload is still simulated',
    );
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 10);
    const titles = lenses.map((l) => (l.command ? l.command.title : ''));
    assert.ok(titles.includes('Simulate scale…'), JSON.stringify(titles));
    // The parser's own position of the error (it comes from the lazily loaded core): near the
    // broken line, not line 1.
    const at = titles
      .map((t) => /YAML error on line (\d+): showing the last valid version/.exec(t))
      .find(Boolean);
    assert.ok(at, JSON.stringify(titles));
    assert.ok(
      Number(at[1]) > line && Number(at[1]) <= line + 3,
      `error on line ${at[1]}, typed at ${line + 1}`,
    );
    const yamlError = await waitFor(
      () =>
        vscode.languages.getDiagnostics(doc.uri).find((d) => d.severity === vscode.DiagnosticSeverity.Error),
      'the YAML error diagnostic',
    );
    assert.ok(yamlError.range.start.line >= line, `diagnostic on line ${yamlError.range.start.line + 1}`);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(() => {
      const s = api.simulator.simulation;
      return s && !s.files[0].stale;
    }, 'the simulation of the fixed text');
  });

  test('a failed expectation of a scenario is an error on its step', async () => {
    const doc = await open('scenario/lesson.scenario.yaml');
    await vscode.commands.executeCommand('k8sSim.runScenario', {
      uri: doc.uri.toString(),
      kind: 'Scenario',
      name: 'lesson-expectations',
      namespace: '',
      line: 1,
    });
    const errors = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.code === 'expectation');
      return d.length > 0 ? d : null;
    }, 'the failed expectation');
    assert.strictEqual(errors.length, 1, 'only the wrong expectation');
    assert.strictEqual(errors[0].severity, vscode.DiagnosticSeverity.Error);
    const line = doc.getText().split('\n').lastIndexOf('    - expect:');
    assert.strictEqual(errors[0].range.start.line, line);
    assert.match(errors[0].message, /^Expectation failed: pods/);
  });

  test('a Helm template gets one warning, no YAML errors and no lenses', async () => {
    const doc = await open('helm/templates/service.yaml');
    const found = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(doc.uri);
      return d.length > 0 ? d : null;
    }, 'the Helm template warning');
    assert.deepStrictEqual(
      found.map((d) => [d.code, d.severity, d.range.start.line]),
      [['helm-template', vscode.DiagnosticSeverity.Warning, 4]],
    );
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri);
    assert.strictEqual(lenses.length, 0, 'nothing to simulate');
  });

  test('failures from the editor: a node fails under a StatefulSet pod, recovers, a container crashes', async () => {
    const doc = await open('course/stateful-db.yaml');
    const sts = target(doc, 'StatefulSet', 'stateful-db');
    await vscode.commands.executeCommand('k8sSim.reset');
    let sim = await vscode.commands.executeCommand('k8sSim.simulateScale', sts, 2);
    const node = sim.run.result.state.pods.find((p) => p.name === 'stateful-db-1').node;
    sim = await vscode.commands.executeCommand('k8sSim.simulateNodeFailure', undefined, node);
    const last = sim.run.result.steps.at(-1).state;
    assert.strictEqual(last.nodes.find((n) => n.name === node).status, 'NotReady');
    assert.strictEqual(
      last.pods.find((p) => p.name === 'stateful-db-1').status,
      'Terminating',
      'evicted after 300 s, and no kubelet confirms: the StatefulSet waits',
    );
    // As from the sidebar's context menu: the node item's target names the node.
    sim = await vscode.commands.executeCommand('k8sSim.simulateNodeRecovery', {
      kind: 'node',
      label: node,
      target: { uri: '', kind: 'Node', name: node, namespace: '', line: 0 },
    });
    assert.strictEqual(sim.run.result.state.nodes.find((n) => n.name === node).status, 'Ready');
    sim = await vscode.commands.executeCommand('k8sSim.simulateCrash', undefined, 'stateful-db-0');
    assert.strictEqual(sim.run.result.state.pods.find((p) => p.name === 'stateful-db-0').restarts, 1);
    assert.deepStrictEqual(
      sim.steps.map((s) => s.type),
      ['scale', 'node', 'node', 'crash'],
    );
  });

  test('hover over serviceName names the DNS names of the pods', async () => {
    const doc = await open('course/stateful-pvc.yaml');
    await vscode.commands.executeCommand(
      'k8sSim.simulateScale',
      target(doc, 'StatefulSet', 'stateful-pvc'),
      3,
    );
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('serviceName'));
    const hovers = await vscode.commands.executeCommand(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(line, 4),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /stateful-pvc-0\.stateful-headless/);
  });

  test('the piVersion typo: a diagnostic with the kubectl message, and a quick fix that clears it', async () => {
    const doc = await open('typo/request-pod.yaml');
    const diags = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => /apiVersion not set/.test(x.message));
      return d.length > 0 ? d : null;
    }, 'the apiVersion diagnostic');
    const actions = await vscode.commands.executeCommand(
      'vscode.executeCodeActionProvider',
      doc.uri,
      diags[0].range,
    );
    const fix = actions.find((a) => a.edit && /apiVersion/.test(a.title));
    assert.ok(fix, 'a quick fix is offered');
    await vscode.workspace.applyEdit(fix.edit);
    assert.match(doc.getText(), /^apiVersion: v1/m);
    await waitFor(
      () => vscode.languages.getDiagnostics(doc.uri).every((x) => !/apiVersion not set/.test(x.message)),
      'the diagnostic to clear',
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test("diagnostics follow the file's folder, whatever was simulated last", async () => {
    const codesOf = (doc) => vscode.languages.getDiagnostics(doc.uri).map((d) => d.code);
    const service = await open('course/headless-service.yaml');
    const pvc = await open('course/stateful-pvc.yaml');
    await vscode.commands.executeCommand('k8sSim.simulate', {
      uri: file('ingress/ingress-app-v1-v2.yaml').toString(),
      kind: 'Service',
      name: 'svc-v1',
      namespace: 'default',
      line: 1,
    });
    // The sibling Service renamed in its editor: the StatefulSet now misses it...
    const name = service.getText().indexOf('name: stateful-headless') + 'name: '.length;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(
      service.uri,
      new vscode.Range(service.positionAt(name), service.positionAt(name + 17)),
      'renamed-svc',
    );
    await vscode.workspace.applyEdit(edit);
    await waitFor(() => codesOf(pvc).includes('headless-service'), 'the missing headless Service');
    // ...and finds it again once it is back, with no warning on either file.
    await vscode.window.showTextDocument(service);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(
      () => !codesOf(pvc).includes('headless-service') && !codesOf(service).includes('service-selector'),
      'the warnings to clear',
    );
    assert.strictEqual(api.simulator.simulation.files[0].label, 'ingress/ingress-app-v1-v2.yaml');
  });

  test('traffic through the canary Ingress splits about 10% to v2', async () => {
    const doc = await open('ingress/ingress-canary-weight.yaml');
    const sim = await vscode.commands.executeCommand(
      'k8sSim.simulateTraffic',
      target(doc, 'Ingress', 'canary-v2'),
      {
        url: 'http://www.app.com:30431/version',
        count: 2000,
      },
    );
    const req = sim.run.result.steps.at(-1).requests;
    assert.strictEqual(req.count, 2000);
    const v2 = (req.byService['svc-v2'] || 0) / req.count;
    assert.ok(Math.abs(v2 - 0.1) < 0.03, 'share of v2: ' + v2);
  });

  test('the header canary beside canary-v2 is ignored: said in its diagnostic, its hover and the traffic', async () => {
    const doc = await open('ingress/ingress-canary-header.yaml');
    const warned = await waitFor(() => {
      const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.code === 'canary-ignored');
      return d.length > 0 ? d : null;
    }, 'the canary-ignored warning');
    assert.strictEqual(warned[0].severity, vscode.DiagnosticSeverity.Warning);
    assert.match(warned[0].message, /default\/canary-v2 is applied/);
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('canary-by-header-value'));
    const hovers = await vscode.commands.executeCommand(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(line, 8),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /This canary is ignored/);
    assert.doesNotMatch(text, /→ `svc-v2`/);
    const sim = await vscode.commands.executeCommand(
      'k8sSim.simulateTraffic',
      target(doc, 'Ingress', 'canary-kr'),
      { url: 'http://www.app.com:30431/version', headers: { 'Accept-Language': 'kr' }, count: 200 },
    );
    const req = sim.run.result.steps.at(-1).requests;
    assert.ok((req.byService['svc-v1'] || 0) > 150, JSON.stringify(req.byService));
    assert.ok(req.reasons.every((r) => r.reason.includes('canary Ingress default/canary-kr is ignored')));
  });
  test('palette scale: the StatefulSet under the cursor, current + 2 preselected; undo; the other folder restored', async () => {
    const before = api.simulator.simulation;
    assert.ok(before && before.steps.length > 0, 'the traffic test left a simulation with a step');
    const doc = await open('course/stateful-pvc.yaml');
    const editor = vscode.window.activeTextEditor;
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('serviceName'));
    editor.selection = new vscode.Selection(line, 2, line, 2);
    let settled = false;
    const pending = vscode.commands.executeCommand('k8sSim.simulateScale').finally(() => (settled = true));
    // A reflexive Enter on the pick: accepted until the command returns.
    await waitFor(async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return settled;
    }, 'the scale pick to be accepted');
    const sim = await pending;
    const step = sim.steps.at(-1);
    assert.deepStrictEqual(
      [step.type, step.kind, step.name, step.replicas],
      ['scale', 'StatefulSet', 'stateful-pvc', 3],
      'replicas 1 → 3, never 0',
    );
    const undone = await vscode.commands.executeCommand('k8sSim.undoStep');
    assert.strictEqual(undone.steps.length, sim.steps.length - 1);
    const restored = await api.simulator.restore();
    assert.strictEqual(restored.key, before.key);
    assert.deepStrictEqual(restored.steps, before.steps);
  });
  test('Simulate This Change: the saved version settles first, then the edit is applied (rollout, changed fields)', async () => {
    const doc = await open('course/stateful-db.yaml');
    await vscode.commands.executeCommand('k8sSim.reset');
    const rangeOf = (needle) => {
      const at = doc.getText().indexOf(needle);
      assert.ok(at >= 0, needle);
      return new vscode.Range(doc.positionAt(at), doc.positionAt(at + needle.length));
    };
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, rangeOf('replicas: 1'), 'replicas: 3');
    edit.replace(doc.uri, rangeOf('image: kubetm/app'), 'image: kubetm/app:v2');
    await vscode.workspace.applyEdit(edit);
    try {
      // Outside git (this workspace is no repository) the base is the file as saved.
      await waitFor(async () => {
        const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 10);
        return lenses.some((l) => l.command && l.command.title === '$(git-compare) Simulate this change');
      }, 'the "Simulate this change" lens on the edited file');
      const sim = await vscode.commands.executeCommand('k8sSim.simulateChange');
      const result = sim.run.result;
      const apply = result.steps[0];
      assert.strictEqual(apply.type, 'apply');
      assert.ok(
        apply.output.includes('statefulset.apps/stateful-db configured'),
        JSON.stringify(apply.output),
      );
      const change = apply.changes.find((c) => c.kind === 'StatefulSet' && c.name === 'stateful-db');
      assert.deepStrictEqual(
        change.fields.map((f) => [f.path, f.before, f.after]),
        [
          ['spec.replicas', '1', '3'],
          ['spec.template.spec.containers[0].image', 'kubetm/app', 'kubetm/app:v2'],
        ],
      );
      assert.ok(
        apply.changes.filter((c) => c.name !== 'stateful-db').every((c) => c.change === 'unchanged'),
        'the other files of the folder did not change',
      );
      // Before the apply the saved version ran: one pod; the change scales to 3 and rolls the image.
      assert.ok(apply.start > 0, 'the base settled before the apply');
      const afterApply = apply.state;
      assert.ok(
        afterApply.pods.some((p) => p.name === 'stateful-db-2'),
        'scaled to 3 by the apply',
      );
      const names = result.state.pods.filter((p) => p.name.startsWith('stateful-db')).map((p) => p.name);
      assert.deepStrictEqual(names, ['stateful-db-0', 'stateful-db-1', 'stateful-db-2']);
      const first = result.objects.filter((o) => o.kind === 'Pod' && o.name === 'stateful-db-0');
      assert.strictEqual(first.length, 2, 'stateful-db-0 was replaced with the new image');
      const deleted = result.events
        .filter((e) => e.reason === 'SuccessfulDelete' && e.object.name === 'stateful-db')
        .map((e) => e.message);
      assert.deepStrictEqual(deleted, ['delete Pod stateful-db-0 in StatefulSet stateful-db successful']);
      assert.strictEqual(api.simulator.simulation.title, 'course/stateful-db.yaml: this change');
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('k8sSim.reset');
    }
  });
  test('a lesson of the walkthrough opens its bundled scenario from the extension storage and runs it', async () => {
    await vscode.commands.executeCommand('k8sSim.openLesson', 'ordered');
    const sim = await waitFor(() => {
      const s = api.simulator.simulation;
      return s && s.scenario.name === 'scale-up-one-at-a-time' ? s : null;
    }, 'the lesson simulated');
    assert.ok(sim.run.result.ok, 'the lesson holds its expectations');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.path.endsWith('/lessons/0.1.0/02-scale-up-one-at-a-time.yaml'));
    assert.ok(
      !editor.document.uri.fsPath.startsWith(vscode.workspace.workspaceFolders[0].uri.fsPath),
      'a copy outside the workspace',
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
