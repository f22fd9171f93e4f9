// Issue 10 item 1: a manifest is checked against its manifest scope (the course's files saved one
// per example in one folder), whatever was simulated last. Before, the set was the last
// simulation's files, so `statefulPvc` warned of a missing headless Service that sits beside it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadManifestText } from '../src/engine/loader';
import { DEFAULT_CLUSTER } from '../src/engine/types';
import { checkRules } from '../src/extension/analysis/rules';
import { scopeSetDocs, type SetFile } from '../src/extension/analysis/scope-set';
import type { RuleCode } from '../src/extension/analysis/types';
import { REPLICA_WEB, STATEFUL_HEADLESS, statefulPvc } from './course-manifests';
import { t } from './extension-helpers';

const fileOf = (key: string, text: string): SetFile => ({ key, docs: loadManifestText(text, key) });

/** The rule codes found in `own` checked against the given scope and simulated files. */
function codes(own: SetFile, scope: SetFile[], simulated: SetFile[] = []): RuleCode[] {
  const set = scopeSetDocs(own, scope, simulated);
  return checkRules({ docs: [...own.docs], set, cluster: DEFAULT_CLUSTER }, t).map((f) => f.code);
}

const pvc = fileOf('course/2-3-statefulset-pvc.yaml', statefulPvc(1));
const headless = fileOf('course/2-2-headless-service.yaml', STATEFUL_HEADLESS);
const elsewhere = fileOf('other/replicaset.yaml', REPLICA_WEB);

test('the headless Service in a sibling file of the scope satisfies serviceName', () => {
  assert.ok(codes(pvc, [pvc]).includes('headless-service'), 'alone, the Service is missing');
  assert.ok(!codes(pvc, [pvc, headless]).includes('headless-service'));
});

test('the Service file does not warn that it selects nothing when its StatefulSet is a sibling', () => {
  assert.ok(codes(headless, [headless]).includes('service-selector'));
  assert.deepEqual(codes(headless, [headless, pvc]), []);
});

test('a simulation of another folder does not take the scope away; one covering the file adds its files', () => {
  // The simulation covers the file only when it read it: then its other files join the scope.
  assert.ok(!codes(pvc, [pvc, headless], []).includes('headless-service'));
  assert.ok(!codes(pvc, [pvc], [elsewhere, pvc, headless]).includes('headless-service'));
});

test('the file as parsed now replaces its older parse from the scope or the simulation', () => {
  const renamed = fileOf(
    pvc.key,
    statefulPvc(1).replace('serviceName: "stateful-headless"', 'serviceName: "nope"'),
  );
  assert.notEqual(renamed.docs.length, 0);
  const set = scopeSetDocs(renamed, [pvc, headless], [pvc]);
  assert.equal(
    set.length,
    renamed.docs.length + headless.docs.length,
    'the older parse of the file is not in the set',
  );
  assert.ok(codes(renamed, [pvc, headless]).includes('headless-service'));
});
