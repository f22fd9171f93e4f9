// Bench cases of the editor's own work (no VS Code needed): figures printed by bench.ts.
import { performance } from 'node:perf_hooks';
import { loadManifestText } from '../src/engine/loader';
import { IncrementalParser } from '../src/extension/analysis/incremental-parse';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// The editor's re-parse while typing (case 13): one document of 2,000 changes per keystroke pause.

export function reparseCase(): { whole: number; edit: number } {
  const doc = (i: number, replicas: number) =>
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db-${i}\nspec:\n  replicas: ${replicas}\n  serviceName: db-${i}\n  selector:\n    matchLabels:\n      app: db-${i}\n  template:\n    metadata:\n      labels:\n        app: db-${i}\n    spec:\n      containers:\n      - name: app\n        image: kubetm/app\n`;
  const docs = Array.from({ length: 2000 }, (_, i) => doc(i, 3));
  const whole: number[] = [];
  const edit: number[] = [];
  for (let run = 0; run < 7; run++) {
    const text = docs.join('---\n');
    let t = performance.now();
    loadManifestText(text, 'bench.yaml');
    whole.push(performance.now() - t);
    const parser = new IncrementalParser('bench.yaml');
    parser.parse(text);
    docs[1000] = doc(1000, run);
    t = performance.now();
    parser.parse(docs.join('---\n'));
    edit.push(performance.now() - t);
  }
  return { whole: median(whole), edit: median(edit) };
}
