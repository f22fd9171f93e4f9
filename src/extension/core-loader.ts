// Loads the extension's heavy half (core.ts) the first time something needs it: a parse, a hover,
// a diagnostics pass, a simulation. Activation never does, so it costs only the editor's wiring.
// In the bundle, `./core` is dist/extension-core.js beside dist/extension.js (scripts/bundle.mjs).
import type * as Core from './core';

let loaded: typeof Core | undefined;

export function core(): typeof Core {
  // A synchronous require: providers answer synchronously, and the module is local.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('./core') as typeof Core;
  return loaded;
}

/** Whether the heavy half was loaded (for the extension's tests and figures). */
export function coreLoaded(): boolean {
  return loaded !== undefined;
}
