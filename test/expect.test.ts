// Expectations (contract section 3): each key passes on the right state and fails with a message
// that shows both the expected and the actual value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExpectation } from '../src/scenario/expect';
import type { ClusterState, PodState } from '../src/engine/snapshot';
import type { SimEvent } from '../src/engine/types';

function podState(name: string, status: string, ready: boolean, node: string | null): PodState {
  return {
    name,
    namespace: 'default',
    uid: `uid-${name}`,
    status,
    phase: status === 'Running' ? 'Running' : 'Pending',
    ready,
    node,
    ip: null,
    labels: {},
    owner: null,
    claims: [],
    hostname: null,
    subdomain: null,
    restarts: 0,
    readyColumn: ready ? '1/1' : '0/1',
  };
}

const state: ClusterState = {
  pods: [podState('web-0', 'Running', true, 'n1'), podState('web-1', 'ContainerCreating', false, 'n2')],
  pvcs: [
    {
      name: 'data-web-0',
      namespace: 'default',
      status: 'Bound',
      volume: 'pv1',
      storageClass: 'fast',
      accessModes: ['ReadWriteOnce'],
      owner: null,
    },
  ],
  pvs: [],
  services: [],
  ingresses: [],
  nodes: [],
  workloads: [],
  pdbs: [],
};

const ev = (reason: string, kind: string, name: string): SimEvent => ({
  t: 0,
  type: 'Normal',
  reason,
  object: { kind, namespace: 'default', name },
  source: 'test',
  message: '',
});

const events = [
  ev('SuccessfulCreate', 'StatefulSet', 'web'),
  ev('Started', 'Pod', 'web-0'),
  ev('SuccessfulCreate', 'StatefulSet', 'web'),
];

const rows: Array<{
  name: string;
  expect: Parameters<typeof checkExpectation>[0];
  ok: boolean;
  text?: RegExp;
}> = [
  { name: 'pods exact set, any order', expect: { pods: ['web-1', 'web-0'] }, ok: true },
  {
    name: 'pods missing one',
    expect: { pods: ['web-0'] },
    ok: false,
    text: /expected \[web-0\], got \[web-0, web-1\]/,
  },
  { name: 'pvcs', expect: { pvcs: ['data-web-0'] }, ok: true },
  { name: 'ready needs Running and Ready', expect: { ready: ['web-1'] }, ok: false, text: /got \[web-0\]/ },
  { name: 'podNodes', expect: { podNodes: { 'web-0': 'n1' } }, ok: true },
  {
    name: 'podNodes null for unscheduled',
    expect: { podNodes: { 'web-1': null } },
    ok: false,
    text: /got n2/,
  },
  { name: 'status', expect: { status: { 'web-1': 'ContainerCreating' } }, ok: true },
  {
    name: 'status of a missing pod',
    expect: { status: { nope: 'Running' } },
    ok: false,
    text: /no such pod/,
  },
  {
    name: 'events in relative order',
    expect: { events: ['SuccessfulCreate sts/web', 'Started Pod/web-0', 'SuccessfulCreate StatefulSet/web'] },
    ok: true,
  },
  {
    name: 'events out of order',
    expect: { events: ['Started pod/web-0', 'Started pod/web-0'] },
    ok: false,
    text: /occurred, but not after/,
  },
  { name: 'events never seen', expect: { events: ['Killing Pod/web-0'] }, ok: false, text: /never occurred/ },
  { name: 'rejected', expect: { rejected: ['pod/request-pod'] }, ok: true },
  {
    name: 'rejected, not refused',
    expect: { rejected: ['Pod/web-0'] },
    ok: false,
    text: /refused so far: \[Pod\/request-pod\]/,
  },
  {
    name: 'rejected: [] fails once something was refused',
    expect: { rejected: [] },
    ok: false,
    text: /expected nothing to be refused, refused so far: \[Pod\/request-pod\]/,
  },
];

for (const row of rows) {
  test(`expect ${row.name}`, () => {
    const results = checkExpectation(row.expect, {
      state,
      events,
      rejected: [
        {
          kind: 'Pod',
          name: 'request-pod',
          namespace: 'default',
          file: 'x',
          line: 1,
          column: 1,
          message: 'm',
        },
      ],
      lastRequest: null,
      lastResolve: null,
    });
    assert.equal(results.length, 1);
    assert.equal(results[0].ok, row.ok, results[0].text);
    if (row.text) assert.match(results[0].text, row.text);
  });
}

test('expect rejected: [] holds while nothing was refused', () => {
  const results = checkExpectation(
    { rejected: [] },
    { state, events, rejected: [], lastRequest: null, lastResolve: null },
  );
  assert.deepEqual(results, [{ ok: true, text: 'rejected: nothing refused' }]);
});

test('a failure carries its expected and actual values apart, for a diff (optional extension)', () => {
  const ctx = { state, events, rejected: [], lastRequest: null, lastResolve: null };
  const cases: Array<[Parameters<typeof checkExpectation>[0], string, string]> = [
    [{ pods: ['web-2', 'web-0'] }, '[web-0, web-2]', '[web-0, web-1]'],
    [{ ready: ['web-1'] }, '[web-1]', '[]'],
    [{ ready: ['web-0', 'web-1'] }, '[web-0, web-1]', '[web-0]'],
    [{ podNodes: { 'web-1': null } }, 'web-1: no node (unscheduled)', 'web-1: n2'],
    [{ status: { 'web-1': 'Running' } }, 'web-1: Running', 'web-1: ContainerCreating'],
  ];
  for (const [expect, expected, actual] of cases) {
    const [r] = checkExpectation(expect, ctx);
    assert.deepEqual([r.ok, r.expected, r.actual], [false, expected, actual], JSON.stringify(expect));
  }
  const held = checkExpectation({ pods: ['web-0', 'web-1'] }, ctx)[0];
  assert.deepEqual(
    [held.ok, held.expected, held.actual],
    [true, undefined, undefined],
    'only failures carry them',
  );
  const refused = checkExpectation(
    { rejected: [] },
    {
      ...ctx,
      rejected: [
        { kind: 'Pod', name: 'bad', namespace: 'default', message: 'x', file: 'f', line: 1, column: 1 },
      ],
    },
  )[0];
  assert.deepEqual([refused.ok, refused.expected, refused.actual], [false, '[]', '[Pod/bad]']);
});
