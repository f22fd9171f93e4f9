// The course as a VS Code walkthrough (`contributes.walkthroughs`): each step's button runs
// `K8s Sim: Open Course Lesson…` with its lesson, which copies the bundled scenario and its
// manifests to the extension's storage (once per version; a copy the user edited is kept), opens it
// and runs it. A step completes when its scenario has run, from the button or from anywhere else.
import * as vscode from 'vscode';
import type { Simulator } from './session';
import {
  LESSON_FOLDER,
  LESSON_MANIFESTS,
  LESSONS,
  lessonContextKey,
  lessonOfScenario,
  type Lesson,
} from './lessons';

export class Lessons implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    simulator: Simulator,
    /** Runs the scenario of the active editor (the `Run scenario` command). */
    private readonly run: () => Promise<unknown>,
  ) {
    this.disposables.push(
      simulator.onDidChange((sim) => {
        const lesson = sim ? lessonOfScenario(sim.scenario.name) : undefined;
        if (lesson) void vscode.commands.executeCommand('setContext', lessonContextKey(lesson.id), true);
      }),
    );
  }

  /** Opens a lesson (by id, or picked from the list) and runs it. */
  async open(arg: unknown): Promise<void> {
    const lesson = typeof arg === 'string' ? LESSONS.find((l) => l.id === arg) : await this.pick();
    if (!lesson) return;
    const uri = await this.copy(lesson);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
    await this.run();
  }

  private async pick(): Promise<Lesson | undefined> {
    const items = LESSONS.map((l) => ({ label: l.scenario, description: l.file, lesson: l }));
    const chosen = await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Open a lesson of the course'),
    });
    return chosen?.lesson;
  }

  /** The lesson's scenario in the extension's storage, with the manifests it names beside it. */
  private async copy(lesson: Lesson): Promise<vscode.Uri> {
    const bundled = vscode.Uri.joinPath(this.context.extensionUri, LESSON_FOLDER);
    const version = String((this.context.extension.packageJSON as { version?: unknown }).version ?? '0');
    const target = vscode.Uri.joinPath(this.context.globalStorageUri, 'lessons', version);
    const copyOnce = async (from: vscode.Uri, to: vscode.Uri) => {
      try {
        await vscode.workspace.fs.stat(to);
      } catch {
        await vscode.workspace.fs.copy(from, to, { overwrite: false });
      }
    };
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, LESSON_MANIFESTS));
    for (const [name, type] of await vscode.workspace.fs.readDirectory(
      vscode.Uri.joinPath(bundled, LESSON_MANIFESTS),
    )) {
      if (type !== vscode.FileType.File) continue;
      await copyOnce(
        vscode.Uri.joinPath(bundled, LESSON_MANIFESTS, name),
        vscode.Uri.joinPath(target, LESSON_MANIFESTS, name),
      );
    }
    const file = vscode.Uri.joinPath(target, lesson.file);
    await copyOnce(vscode.Uri.joinPath(bundled, lesson.file), file);
    return file;
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
