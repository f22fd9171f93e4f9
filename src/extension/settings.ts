// The extension's settings, typed, in one module: their section, keys and defaults (which
// package.json's `contributes.configuration` must match: test/extension-ids.test.ts), and how a
// value a user typed by hand in settings.json is brought back into range. No vscode import: the
// caller hands in `vscode.workspace.getConfiguration(SETTINGS_SECTION)`.

export type ManifestScope = 'file' | 'folder' | 'workspace';

export interface Settings {
  /** Which YAML files one simulation reads: the open file, its folder, or the workspace. */
  manifestScope: ManifestScope;
  /** Pause after typing before diagnostics and the simulation refresh, in milliseconds. */
  debounceMs: number;
}

export const SETTINGS_SECTION = 'k8sSim';

export const SETTING_DEFAULTS: Readonly<Settings> = { manifestScope: 'folder', debounceMs: 400 };

export const MANIFEST_SCOPES: readonly ManifestScope[] = ['file', 'folder', 'workspace'];

const MAX_DEBOUNCE_MS = 5000;

/** The part of vscode.WorkspaceConfiguration this module reads. */
export interface SettingsSource {
  get<T>(key: string): T | undefined;
}

export function readSettings(source: SettingsSource): Settings {
  const scope = source.get<unknown>('manifestScope');
  const debounce = source.get<unknown>('debounceMs');
  return {
    manifestScope: MANIFEST_SCOPES.includes(scope as ManifestScope)
      ? (scope as ManifestScope)
      : SETTING_DEFAULTS.manifestScope,
    debounceMs:
      typeof debounce === 'number' && Number.isFinite(debounce)
        ? Math.min(Math.max(0, debounce), MAX_DEBOUNCE_MS)
        : SETTING_DEFAULTS.debounceMs,
  };
}
