// TLS certificates from Secrets (store syncSecret: tls.crt + tls.key must form a valid pair)
import { PassiveObject } from '../../types';
import { X509Certificate, createPrivateKey } from 'node:crypto';

export type ParsedCert = { cert: X509Certificate } | { error: string };
export const certCache = new WeakMap<Record<string, unknown>, ParsedCert>();

export function secretBytes(body: Record<string, unknown>, key: string): Buffer | null {
  const data = body.data as Record<string, unknown> | undefined;
  const stringData = body.stringData as Record<string, unknown> | undefined;
  const s = stringData?.[key];
  if (typeof s === 'string') return Buffer.from(s, 'utf8');
  const d = data?.[key];
  return typeof d === 'string' ? Buffer.from(d, 'base64') : null;
}

export function parseSecretCert(secret: PassiveObject): ParsedCert {
  const cached = certCache.get(secret.body);
  if (cached) return cached;
  const key = `${secret.meta.namespace}/${secret.meta.name}`;
  let result: ParsedCert;
  const crt = secretBytes(secret.body, 'tls.crt');
  const pem = secretBytes(secret.body, 'tls.key');
  if (!crt || !pem) result = { error: `Secret ${key} has no tls.crt and tls.key` };
  else {
    try {
      const cert = new X509Certificate(crt);
      try {
        result = cert.checkPrivateKey(createPrivateKey(pem))
          ? { cert }
          : { error: `tls.key of Secret ${key} does not match its tls.crt` };
      } catch {
        result = { error: `tls.key of Secret ${key} is not a valid private key` };
      }
    } catch {
      result = { error: `tls.crt of Secret ${key} is not a valid PEM certificate` };
    }
  }
  certCache.set(secret.body, result);
  return result;
}

/** Go VerifyHostname (SAN) with ingress-nginx's Common Name fallback. */
export function certCoversHost(cert: X509Certificate, host: string): boolean {
  return cert.checkHost(host, { subject: 'always' }) !== undefined;
}
