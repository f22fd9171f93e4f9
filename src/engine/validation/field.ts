// Field errors (apimachinery pkg/util/validation/field): `<field>: <body>`

import { goQuote } from './go-format';
import { Loc, num } from './values';

export interface FieldError {
  field: string;
  body: string;
  loc: Loc;
}

/** A field path as Go prints it (`spec.ports[0].name`, `spec.resources[storage]`) and where it is in the YAML. */
export class FP {
  constructor(
    readonly text: string,
    readonly loc: Loc,
  ) {}
  child(...names: string[]): FP {
    return new FP(this.text === '' ? names.join('.') : `${this.text}.${names.join('.')}`, [
      ...this.loc,
      ...names,
    ]);
  }
  index(i: number): FP {
    return new FP(`${this.text}[${i}]`, [...this.loc, i]);
  }
  key(k: string, loc?: Loc): FP {
    return new FP(`${this.text}[${k}]`, loc ?? [...this.loc, k]);
  }
  at(loc: Loc): FP {
    return new FP(this.text, loc);
  }
}
export const root = (name: string): FP => new FP(name, [name]);

export const withDetail = (s: string, detail: string): string => (detail === '' ? s : `${s}: ${detail}`);
export const E = {
  required: (p: FP, detail = ''): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: withDetail('Required value', detail),
  }),
  invalid: (p: FP, value: string, detail: string): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: withDetail(`Invalid value: ${value}`, detail),
  }),
  notSupported: (p: FP, value: string, valid: string[]): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: withDetail(
      `Unsupported value: ${value}`,
      valid.length ? 'supported values: ' + valid.map(goQuote).join(', ') : '',
    ),
  }),
  forbidden: (p: FP, detail: string): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: withDetail('Forbidden', detail),
  }),
  duplicate: (p: FP, value: string): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: `Duplicate value: ${value}`,
  }),
  notFound: (p: FP, value: string): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: `Not found: ${value}`,
  }),
  tooLong: (p: FP, max: number): FieldError => ({
    field: p.text,
    loc: p.loc,
    body: `Too long: must have at most ${max} bytes`,
  }),
};
export const IS_NEGATIVE = 'must be greater than or equal to 0';

export function nonNegative(value: unknown, p: FP): FieldError[] {
  const n = num(value);
  return n !== undefined && n < 0 ? [E.invalid(p, String(n), IS_NEGATIVE)] : [];
}

export function forMessages(msgs: string[], make: (m: string) => FieldError): FieldError[] {
  return msgs.map(make);
}
