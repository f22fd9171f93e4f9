// Secrets and ConfigMaps (pkg/apis/core/validation ValidateSecret, ValidateConfigMap)

import { E, FP, FieldError, forMessages, root } from './field';
import { goQuote } from './go-format';
import { isConfigMapKey } from './names';
import { Obj, byteLen, obj, str } from './values';

export function validateSecret(body: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const data: Record<string, unknown> = { ...(obj(body.data) ?? {}), ...(obj(body.stringData) ?? {}) };
  const dp = root('data');
  for (const key of Object.keys(data))
    errs.push(
      ...forMessages(isConfigMapKey(key), (m) => E.invalid(dp.key(key, [...dp.loc, key]), goQuote(key), m)),
    );
  const required = (keys: string[]): void => {
    for (const k of keys) if (!(k in data)) errs.push(E.required(dp.key(k, dp.loc)));
  };
  switch (str(body.type)) {
    case 'kubernetes.io/tls':
      required(['tls.crt', 'tls.key']);
      break;
    case 'kubernetes.io/dockerconfigjson':
      required(['.dockerconfigjson']);
      break;
    case 'kubernetes.io/dockercfg':
      required(['.dockercfg']);
      break;
    case 'kubernetes.io/ssh-auth':
      if (!data['ssh-privatekey']) required(['ssh-privatekey']);
      break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) required(['username', 'password']);
      break;
    case 'kubernetes.io/service-account-token': {
      const annotations = obj(obj(body.metadata)?.annotations) ?? {};
      if (str(annotations['kubernetes.io/service-account.name']) === '')
        errs.push(
          E.required(
            new FP('metadata.annotations[kubernetes.io/service-account.name]', ['metadata', 'annotations']),
          ),
        );
      break;
    }
  }
  return errs;
}

export function validateConfigMap(body: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const data = obj(body.data) ?? {};
  const binary = obj(body.binaryData) ?? {};
  let size = 0;
  for (const [key, value] of Object.entries(data)) {
    const p = root('data').key(key, ['data', key]);
    errs.push(...forMessages(isConfigMapKey(key), (m) => E.invalid(p, goQuote(key), m)));
    if (key in binary) errs.push(E.invalid(p, goQuote(key), 'duplicate of key present in binaryData'));
    size += byteLen(str(value));
  }
  for (const [key, value] of Object.entries(binary)) {
    const p = root('binaryData').key(key, ['binaryData', key]);
    errs.push(...forMessages(isConfigMapKey(key), (m) => E.invalid(p, goQuote(key), m)));
    size += Math.floor((str(value).replace(/[\r\n=]/g, '').length * 3) / 4);
  }
  if (size > 1024 * 1024) errs.push(E.tooLong(new FP('', []), 1024 * 1024));
  return errs;
}
