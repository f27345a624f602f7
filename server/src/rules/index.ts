// Every rule of the engine. Add a rule here and it is linted, documented and configurable.
import type { Rule } from '../analysis/rule';
import { addInsteadOfCopy } from './add-instead-of-copy';
import { allowedRegistries } from './allowed-registries';
import { apkNoCache } from './apk-no-cache';
import { aptLists } from './apt-lists';
import { aptNoRecommends } from './apt-no-recommends';
import { cacheMount } from './cache-mount';
import { chownAfterCopy } from './chown-after-copy';
import { consecutiveRun } from './consecutive-run';
import { copyBeforeDeps } from './copy-before-deps';
import { copyDestSlash } from './copy-dest-slash';
import { copyFromOwnStage } from './copy-from-own-stage';
import { copyFromUnknownStage } from './copy-from-unknown-stage';
import { copyIgnoredFile } from './copy-ignored-file';
import { copyRelativeNoWorkdir } from './copy-relative-no-workdir';
import { copyWholeStage } from './copy-whole-stage';
import { definitionDescription } from './definition-description';
import { duplicateStageName } from './duplicate-stage-name';
import { emptyContinuation } from './empty-continuation';
import { envSelfReference } from './env-self-reference';
import { exposeInvalidFormat } from './expose-invalid-format';
import { exposePortRange } from './expose-port-range';
import { exposeProtoCasing } from './expose-proto-casing';
import { fromAsCasing } from './from-as-casing';
import { fromPlatformConst } from './from-platform-const';
import { goStatic } from './go-static';
import { heavyFinalBase } from './heavy-final-base';
import { inlineIgnorePragma } from './inline-ignore-pragma';
import { instructionCasing } from './instruction-casing';
import { instructionOrder } from './instruction-order';
import { invalidDefaultArgInFrom } from './invalid-default-arg-in-from';
import { labelEmail } from './label-email';
import { labelEmpty } from './label-empty';
import { labelGitHash } from './label-git-hash';
import { labelKey } from './label-key';
import { labelMissing } from './label-missing';
import { labelRfc3339 } from './label-rfc3339';
import { labelSemver } from './label-semver';
import { labelSpdx } from './label-spdx';
import { labelSuperfluous } from './label-superfluous';
import { labelUrl } from './label-url';
import { latestTag } from './latest-tag';
import { legacyKeyValue } from './legacy-key-value';
import { maintainerDeprecated } from './maintainer-deprecated';
import { missingHealthcheck } from './missing-healthcheck';
import { missingUser } from './missing-user';
import { multipleInstructions } from './multiple-instructions';
import { noDockerignore } from './no-dockerignore';
import { nonNumericUser } from './non-numeric-user';
import { npmCi } from './npm-ci';
import { onbuildForbidden } from './onbuild-forbidden';
import { packageCache } from './package-cache';
import { pipNoCache } from './pip-no-cache';
import { redundantTargetPlatform } from './redundant-target-platform';
import { reservedStageName } from './reserved-stage-name';
import { rmInLaterLayer } from './rm-in-later-layer';
import { secretInEnv } from './secret-in-env';
import { shellFormCmd } from './shell-form-cmd';
import { singleStage } from './single-stage';
import { stageNameCasing } from './stage-name-casing';
import { undefinedArgInFrom } from './undefined-arg-in-from';
import { undefinedVar } from './undefined-var';
import { workdirRelative } from './workdir-relative';

export const allRules: readonly Rule[] = [
  addInsteadOfCopy,
  allowedRegistries,
  apkNoCache,
  aptLists,
  aptNoRecommends,
  cacheMount,
  chownAfterCopy,
  consecutiveRun,
  copyBeforeDeps,
  copyDestSlash,
  copyFromOwnStage,
  copyFromUnknownStage,
  copyIgnoredFile,
  copyRelativeNoWorkdir,
  copyWholeStage,
  definitionDescription,
  duplicateStageName,
  emptyContinuation,
  envSelfReference,
  exposeInvalidFormat,
  exposePortRange,
  exposeProtoCasing,
  fromAsCasing,
  fromPlatformConst,
  goStatic,
  heavyFinalBase,
  inlineIgnorePragma,
  instructionCasing,
  instructionOrder,
  invalidDefaultArgInFrom,
  labelEmail,
  labelEmpty,
  labelGitHash,
  labelKey,
  labelMissing,
  labelRfc3339,
  labelSemver,
  labelSpdx,
  labelSuperfluous,
  labelUrl,
  latestTag,
  legacyKeyValue,
  maintainerDeprecated,
  missingHealthcheck,
  missingUser,
  multipleInstructions,
  noDockerignore,
  nonNumericUser,
  npmCi,
  onbuildForbidden,
  packageCache,
  pipNoCache,
  redundantTargetPlatform,
  reservedStageName,
  rmInLaterLayer,
  secretInEnv,
  shellFormCmd,
  singleStage,
  stageNameCasing,
  undefinedArgInFrom,
  undefinedVar,
  workdirRelative,
];

export function ruleById(id: string): Rule | undefined {
  const lower = id.toLowerCase();
  return allRules.find((rule) => rule.meta.id === lower || rule.meta.aliases.some((alias) => alias.toLowerCase() === lower));
}
