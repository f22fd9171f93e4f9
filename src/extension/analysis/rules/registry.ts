// Every diagnostic rule, in the order checkRules runs them within each pass (one per RuleCode).
import { canaryIgnoredRule } from './canary-ignored';
import { expectationRule } from './expectation';
import { canaryPrimaryRule } from './canary-primary';
import { headlessServiceRule } from './headless-service';
import { helmTemplateRule } from './helm-template';
import { ingressBackendRule } from './ingress-backend';
import { multiAttachRule } from './multi-attach';
import type { Rule } from './rule';
import { serviceSelectorRule } from './service-selector';
import { storageClassRule } from './storage-class';
import { keyTypoRule, notSimulatedRule, rejectedRule } from './validation';
import { unsimulatedFieldRule } from './unsimulated-field';
import { yamlRule } from './yaml';

export const RULES: readonly Rule[] = [
  yamlRule,
  helmTemplateRule,
  rejectedRule,
  keyTypoRule,
  notSimulatedRule,
  headlessServiceRule,
  serviceSelectorRule,
  ingressBackendRule,
  canaryPrimaryRule,
  canaryIgnoredRule,
  storageClassRule,
  multiAttachRule,
  unsimulatedFieldRule,
  expectationRule,
];
