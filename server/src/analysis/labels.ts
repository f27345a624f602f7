// Labels as the label-schema rules read them (hadolint's label-schema): every LABEL pair with
// its key and value unquoted, which stages carry which labels, and what each label type accepts.
import type { LabelType } from './config';
import type { DockerfileModel } from './model';
import { stageLineage } from './stage-lineage';
import type { Instruction, Property, Stage } from './types';

export interface LabelPair {
  instruction: Instruction;
  property: Property;
  key: string;
  value: string;
}

const unquote = (text: string) => (/^(["']).*\1$/s.test(text) && text.length >= 2 ? text.slice(1, -1) : text);

/** Every LABEL pair (ONBUILD LABEL too), in file order. */
export function labelPairs(model: DockerfileModel): LabelPair[] {
  const pairs: LabelPair[] = [];
  for (const instruction of model.instructions) {
    const target = instruction.trigger ?? instruction;
    if (target.keyword !== 'LABEL') continue;
    for (const property of target.properties) {
      pairs.push({ instruction: target, property, key: unquote(property.name), value: unquote(property.value ?? '') });
    }
  }
  return pairs;
}

/** Label keys set in the stage or a stage it builds FROM. */
export function labelsOfStage(stage: Stage): Set<string> {
  const keys = new Set<string>();
  for (const current of stageLineage(stage)) {
    for (const instruction of current.instructions) {
      if (instruction.keyword !== 'LABEL') continue;
      for (const property of instruction.properties) keys.add(unquote(property.name));
    }
  }
  return keys;
}

/** Stages that are images of their own: the final one and those no other stage builds on or copies from. */
export function targetStages(model: DockerfileModel): Stage[] {
  const used = new Set<Stage>();
  for (const stage of model.stages) {
    if (stage.baseStage) used.add(stage.baseStage);
    for (const source of stage.copiesFrom) used.add(source);
  }
  return model.stages.filter((stage) => stage.isFinal || !used.has(stage));
}

// Validators. A value with a variable is only known at build time and is not checked.
const URL = /^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+[^\s]*$/i;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const SEMVER = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;
const GIT_HASH = /^([0-9a-f]{7,40}|[0-9a-f]{64})$/;
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const EMAIL_WITH_NAME = /^[^<>]*<([^<>]+)>$/;

// Common SPDX license identifiers (the full list is longer; LicenseRef-* is always accepted).
const SPDX = new Set(
  ('0BSD AFL-3.0 AGPL-3.0 AGPL-3.0-only AGPL-3.0-or-later Apache-1.1 Apache-2.0 APSL-2.0 Artistic-1.0 Artistic-2.0 BlueOak-1.0.0 ' +
    'BSD-1-Clause BSD-2-Clause BSD-2-Clause-Patent BSD-3-Clause BSD-3-Clause-Clear BSD-4-Clause BSL-1.0 BUSL-1.1 CC-BY-3.0 CC-BY-4.0 ' +
    'CC-BY-SA-3.0 CC-BY-SA-4.0 CC-BY-NC-4.0 CC0-1.0 CDDL-1.0 CDDL-1.1 CECILL-2.1 CPL-1.0 ECL-2.0 EFL-2.0 EPL-1.0 EPL-2.0 EUPL-1.1 ' +
    'EUPL-1.2 GFDL-1.3 GFDL-1.3-only GFDL-1.3-or-later GPL-1.0 GPL-2.0 GPL-2.0-only GPL-2.0-or-later GPL-3.0 GPL-3.0-only ' +
    'GPL-3.0-or-later HPND ICU IPL-1.0 ISC LGPL-2.0 LGPL-2.0-only LGPL-2.0-or-later LGPL-2.1 LGPL-2.1-only LGPL-2.1-or-later LGPL-3.0 ' +
    'LGPL-3.0-only LGPL-3.0-or-later LPL-1.02 MIT MIT-0 MPL-1.1 MPL-2.0 MPL-2.0-no-copyleft-exception MS-PL MS-RL MulanPSL-2.0 NCSA ' +
    'ODbL-1.0 OFL-1.1 OpenSSL OSL-3.0 PHP-3.01 PostgreSQL Python-2.0 Ruby SSPL-1.0 Unicode-DFS-2016 Unlicense UPL-1.0 Vim W3C WTFPL ' +
    'X11 Zlib ZPL-2.1 Classpath-exception-2.0 LLVM-exception GCC-exception-3.1')
    .split(' ')
    .map((id) => id.toLowerCase()),
);

/** Whether `value` is an SPDX license expression (`MIT`, `Apache-2.0 OR MIT`, `GPL-2.0+ WITH Classpath-exception-2.0`). */
export function isSpdxExpression(value: string): boolean {
  const tokens = value.replace(/[()]/g, ' ').split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return false;
  let expectId = true;
  for (const token of tokens) {
    if (expectId) {
      const id = token.replace(/\+$/, '');
      if (!SPDX.has(id.toLowerCase()) && !/^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$/.test(id)) return false;
    } else if (!/^(AND|OR|WITH)$/i.test(token)) {
      return false;
    }
    expectId = !expectId;
  }
  return !expectId;
}

/** Whether a label value fits its type; values with variables count as fitting. */
export function labelValueFits(type: LabelType, value: string): boolean {
  if (value.includes('$')) return true;
  switch (type) {
    case 'text':
      return true;
    case 'url':
      return URL.test(value);
    case 'rfc3339':
      return RFC3339.test(value);
    case 'semver':
      return SEMVER.test(value);
    case 'hash':
      return GIT_HASH.test(value);
    case 'spdx':
      return isSpdxExpression(value);
    case 'email':
      return EMAIL.test(value) || EMAIL.test(EMAIL_WITH_NAME.exec(value)?.[1] ?? '');
  }
}

/** Reports each label of the schema's `type` whose value does not fit it. */
export function checkLabelValues(
  model: DockerfileModel,
  schema: Record<string, LabelType> | undefined,
  type: LabelType,
  report: (report: { range: Property['range']; message: string }) => void,
  what: string,
): void {
  if (!schema) return;
  for (const pair of labelPairs(model)) {
    if (schema[pair.key] !== type || pair.value === '' || labelValueFits(type, pair.value)) continue;
    report({ range: pair.property.range, message: `Label '${pair.key}' is not ${what}: '${pair.value}'.` });
  }
}
