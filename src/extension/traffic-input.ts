// What a "Simulate traffic…" request is: given by a script's argument, or asked of the user (URL,
// count, headers, cookies), with the URL of the Ingress's first rule on the controller's NodePort
// as the default.
import * as vscode from 'vscode';
import type { ObjectTarget } from './codelens';
import { objectOf, type ManifestIndex } from './manifests';

export interface TrafficRequest {
  url: string;
  count: number;
  headers: Record<string, string>;
  cookies: Record<string, string>;
}

export function trafficOptions(options: unknown): TrafficRequest | null {
  if (!options || typeof options !== 'object') return null;
  const o = options as Record<string, unknown>;
  if (typeof o.url !== 'string' || !/^https?:\/\//.test(o.url)) return null;
  const strings = (v: unknown): Record<string, string> =>
    v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]))
      : {};
  const count =
    typeof o.count === 'number' && Number.isInteger(o.count) && o.count >= 1
      ? Math.min(o.count, 1_000_000)
      : 1;
  return { url: o.url, count, headers: strings(o.headers), cookies: strings(o.cookies) };
}

export async function askTraffic(defaultValue: string): Promise<TrafficRequest | undefined> {
  const url = await vscode.window.showInputBox({
    title: vscode.l10n.t('Simulate traffic: URL'),
    prompt: vscode.l10n.t(
      'Sent to the ingress controller (HTTP NodePort 30431, HTTPS 30798); the host is the Host header',
    ),
    value: defaultValue,
    validateInput: (v) =>
      /^https?:\/\/[^\s/]+/.test(v) ? null : vscode.l10n.t('an http:// or https:// URL'),
  });
  if (url === undefined) return undefined;
  const countText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Simulate traffic: number of requests'),
    value: '100',
    validateInput: (v) =>
      /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1_000_000
        ? null
        : vscode.l10n.t('a number from 1 to 1,000,000'),
  });
  if (countText === undefined) return undefined;
  const headerText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Simulate traffic: headers (optional)'),
    placeHolder: 'Accept-Language: kr; X-Canary: always',
    validateInput: (v) => (parsePairs(v, ':') ? null : vscode.l10n.t('Name: value pairs separated by ";"')),
  });
  if (headerText === undefined) return undefined;
  const cookieText = await vscode.window.showInputBox({
    title: vscode.l10n.t('Simulate traffic: cookies (optional)'),
    placeHolder: 'canary=always',
    validateInput: (v) => (parsePairs(v, '=') ? null : vscode.l10n.t('name=value pairs separated by ";"')),
  });
  if (cookieText === undefined) return undefined;
  return {
    url,
    count: Number(countText),
    headers: parsePairs(headerText, ':') ?? {},
    cookies: parsePairs(cookieText, '=') ?? {},
  };
}

/** The first rule of the Ingress as a URL on the controller's HTTP NodePort (from the shared parse). */
export function defaultUrl(
  index: ManifestIndex,
  document: vscode.TextDocument,
  target: ObjectTarget | null,
): string {
  if (target?.kind === 'Ingress') {
    for (const doc of index.parse(document).docs) {
      const o = objectOf(doc);
      if (!o || o.name !== target.name || o.kind !== 'Ingress') continue;
      const spec = (
        doc.body as {
          spec?: { rules?: Array<{ host?: string; http?: { paths?: Array<{ path?: string }> } }> };
        }
      ).spec;
      const rule = spec?.rules?.[0];
      const host = rule?.host && !rule.host.startsWith('*') ? `${rule.host}:30431` : '192.168.56.30:30431';
      return `http://${host}${rule?.http?.paths?.[0]?.path ?? '/'}`;
    }
  }
  return 'http://192.168.56.30:30431/';
}

/** "A: 1; B: 2" → {A: '1', B: '2'}; empty → {}; null when malformed. */
export function parsePairs(text: string, sep: ':' | '='): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const part of text.split(';')) {
    if (part.trim() === '') continue;
    const i = part.indexOf(sep);
    if (i <= 0) return null;
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}
