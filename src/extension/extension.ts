// Entry point. Activation (on a YAML file, or a K8s Sim command or view) only builds the context;
// parsing and simulation wait until something is asked for.
import type * as vscode from 'vscode';
import { Ctx, type K8sSimApi } from './ctx';

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): K8sSimApi {
  ctx = new Ctx(context);
  context.subscriptions.push(ctx);
  return ctx;
}

export function deactivate(): void {
  ctx = undefined;
}
