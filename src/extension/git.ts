// The version of a file "Simulate This Change" starts from: its text at git HEAD through VS Code's
// built-in git extension (its public API, version 1), or, outside a repository, the last saved
// version on disk. Only the few members used are typed here; nothing else of git is touched.
import * as vscode from 'vscode';

interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD?: { readonly commit?: string }; onDidChange: vscode.Event<void> };
  show(ref: string, path: string): Promise<string>;
}

interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  getRepository(uri: vscode.Uri): GitRepository | null;
}

interface GitExtension {
  getAPI(version: 1): GitApi;
}

/** Where a base version came from: git HEAD (with its commit), or the file as saved. */
export type BaseSource = { kind: 'git'; commit: string } | { kind: 'saved' };

export interface BaseVersion {
  /** The text; null when the file did not exist there (a file new since HEAD). */
  text: string | null;
  source: BaseSource;
}

async function gitApi(): Promise<GitApi | null> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) return null;
  try {
    const exports = ext.isActive ? ext.exports : await ext.activate();
    const api = exports.getAPI(1);
    if (api.state !== 'initialized') {
      // Repositories are opened when the git extension has started; wait for that, briefly.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 3000);
        api.onDidChangeState((s) => {
          if (s === 'initialized') {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    }
    return api;
  } catch {
    return null;
  }
}

export class BaseVersions implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a repository's HEAD moves (a commit, a checkout): lenses and bases change. */
  readonly onDidChange = this.changed.event;
  private readonly watched = new Set<GitRepository>();
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private api: Promise<GitApi | null> | null = null;

  /** The base version of one file. */
  async of(uri: vscode.Uri): Promise<BaseVersion> {
    if (uri.scheme === 'file') {
      this.api ??= gitApi();
      const api = await this.api;
      // Not there (yet): ask again next time instead of keeping the failure.
      if (!api) this.api = null;
      const repo = api?.getRepository(uri) ?? null;
      const commit = repo?.state.HEAD?.commit;
      if (repo && commit) {
        this.watch(repo);
        try {
          return { text: await repo.show(commit, uri.fsPath), source: { kind: 'git', commit } };
        } catch {
          // Not in that commit: the file is new (or untracked) since HEAD.
          return { text: null, source: { kind: 'git', commit } };
        }
      }
    }
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      return { text: new TextDecoder().decode(bytes), source: { kind: 'saved' } };
    } catch {
      return { text: null, source: { kind: 'saved' } };
    }
  }

  private watch(repo: GitRepository): void {
    if (this.watched.has(repo)) return;
    this.watched.add(repo);
    let head = repo.state.HEAD?.commit;
    this.disposables.push(
      repo.state.onDidChange(() => {
        if (repo.state.HEAD?.commit === head) return;
        head = repo.state.HEAD?.commit;
        this.changed.fire();
      }),
    );
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
  }
}

/**
 * Whether an open document differs from its base version, for the "Simulate this change" lens:
 * the base is read once per file (again when HEAD moves or, outside git, when the file is saved),
 * and compared with the editor's text on each ask.
 */
export class ChangeTracker implements vscode.Disposable {
  private readonly bases = new Map<string, BaseVersion>();
  private readonly loading = new Set<string>();
  /** Counts the times bases were dropped, so that a read begun before is not kept. */
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a base was read or dropped: the lenses should be asked again. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly versions: BaseVersions) {
    this.disposables.push(
      versions.onDidChange(() => {
        this.generation++;
        this.bases.clear();
        this.changed.fire();
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        const key = d.uri.toString();
        if (this.bases.get(key)?.source.kind === 'saved') {
          this.generation++;
          this.bases.delete(key);
          this.changed.fire();
        }
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.bases.delete(d.uri.toString());
        this.answers.delete(d.uri.toString());
      }),
    );
  }

  /** The last answer per document version (the text of a large file is not copied per ask). */
  private readonly answers = new Map<string, { version: number; base: BaseVersion; differs: boolean }>();

  /** True or false once the base is known; undefined while it is being read. */
  differs(document: vscode.TextDocument): boolean | undefined {
    const key = document.uri.toString();
    const base = this.bases.get(key);
    if (!base) {
      this.load(document.uri);
      return undefined;
    }
    const last = this.answers.get(key);
    if (last && last.version === document.version && last.base === base) return last.differs;
    const differs = base.text !== document.getText();
    this.answers.set(key, { version: document.version, base, differs });
    return differs;
  }

  private load(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.loading.has(key)) return;
    this.loading.add(key);
    const generation = this.generation;
    void this.versions
      .of(uri)
      .then((base) => {
        // HEAD moved or the file was saved while it was read: that base is already out of date.
        if (generation === this.generation) this.bases.set(key, base);
        this.changed.fire();
      })
      .finally(() => this.loading.delete(key));
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
