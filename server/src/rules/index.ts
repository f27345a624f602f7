// Every rule of the engine. Add a rule here and it is linted, documented and configurable.
import type { AsyncRule } from '../analysis/async-rules';
import type { Rule } from '../analysis/rule';
import { addInsteadOfCopy } from './add-instead-of-copy';
import { allowedRegistries } from './allowed-registries';
import { alpineNativeDeps } from './alpine-native-deps';
import { apkNoCache } from './apk-no-cache';
import { apkPin } from './apk-pin';
import { aptGetYes } from './apt-get-yes';
import { aptInsteadOfAptGet } from './apt-instead-of-apt-get';
import { aptLists } from './apt-lists';
import { aptNoRecommends } from './apt-no-recommends';
import { aptPin } from './apt-pin';
import { cacheMount } from './cache-mount';
import { cdInsteadOfWorkdir } from './cd-instead-of-workdir';
import { chownAfterCopy } from './chown-after-copy';
import { consecutiveRun } from './consecutive-run';
import { copyArchiveThenExtract } from './copy-archive-then-extract';
import { copyBeforeDeps } from './copy-before-deps';
import { copyDestSlash } from './copy-dest-slash';
import { copyFromMissingPath } from './copy-from-missing-path';
import { copyFromOwnStage } from './copy-from-own-stage';
import { copyFromUnknownStage } from './copy-from-unknown-stage';
import { copyIgnoredFile } from './copy-ignored-file';
import { copyRelativeNoWorkdir } from './copy-relative-no-workdir';
import { copyWholeStage } from './copy-whole-stage';
import { definitionDescription } from './definition-description';
import { devDepsInFinal } from './dev-deps-in-final';
import { devDepsMissingForBuild } from './dev-deps-missing-for-build';
import { dnfPin } from './dnf-pin';
import { dnfYes } from './dnf-yes';
import { duplicateStageName } from './duplicate-stage-name';
import { emptyContinuation } from './empty-continuation';
import { envSelfReference } from './env-self-reference';
import { exposeInvalidFormat } from './expose-invalid-format';
import { exposePortRange } from './expose-port-range';
import { exposeProtoCasing } from './expose-proto-casing';
import { fromAsCasing } from './from-as-casing';
import { fromPlatformConst } from './from-platform-const';
import { gemPin } from './gem-pin';
import { goInstallPin } from './go-install-pin';
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
import { noSudo } from './no-sudo';
import { nonNumericUser } from './non-numeric-user';
import { npmCi } from './npm-ci';
import { npmPin } from './npm-pin';
import { onbuildForbidden } from './onbuild-forbidden';
import { packageCache } from './package-cache';
import { pipNoCache } from './pip-no-cache';
import { pipPin } from './pip-pin';
import { pipefail } from './pipefail';
import { pointlessCommand } from './pointless-command';
import { redundantTargetPlatform } from './redundant-target-platform';
import { reservedStageName } from './reserved-stage-name';
import { rmInLaterLayer } from './rm-in-later-layer';
import { rootHomeNonRoot } from './root-home-non-root';
import { scratchWithoutCerts } from './scratch-without-certs';
import { secretInEnv } from './secret-in-env';
import { shellFormCmd } from './shell-form-cmd';
import { shellcheck } from './shellcheck';
import { shellSymlink } from './shell-symlink';
import { singleStage } from './single-stage';
import { sourceInFinal } from './source-in-final';
import { stageNameCasing } from './stage-name-casing';
import { undefinedArgInFrom } from './undefined-arg-in-from';
import { undefinedVar } from './undefined-var';
import { useraddLargeUid } from './useradd-large-uid';
import { wgetAndCurl } from './wget-and-curl';
import { wgetProgress } from './wget-progress';
import { workdirRelative } from './workdir-relative';
import { yumPin } from './yum-pin';
import { yumYes } from './yum-yes';
import { zypperDistUpgrade } from './zypper-dist-upgrade';
import { zypperNonInteractive } from './zypper-non-interactive';
import { zypperPin } from './zypper-pin';

export const allRules: readonly Rule[] = [
  addInsteadOfCopy,
  allowedRegistries,
  alpineNativeDeps,
  apkNoCache,
  apkPin,
  aptGetYes,
  aptInsteadOfAptGet,
  aptLists,
  aptNoRecommends,
  aptPin,
  cacheMount,
  cdInsteadOfWorkdir,
  chownAfterCopy,
  consecutiveRun,
  copyArchiveThenExtract,
  copyBeforeDeps,
  copyDestSlash,
  copyFromMissingPath,
  copyFromOwnStage,
  copyFromUnknownStage,
  copyIgnoredFile,
  copyRelativeNoWorkdir,
  copyWholeStage,
  definitionDescription,
  devDepsInFinal,
  devDepsMissingForBuild,
  dnfPin,
  dnfYes,
  duplicateStageName,
  emptyContinuation,
  envSelfReference,
  exposeInvalidFormat,
  exposePortRange,
  exposeProtoCasing,
  fromAsCasing,
  fromPlatformConst,
  gemPin,
  goInstallPin,
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
  noSudo,
  nonNumericUser,
  npmCi,
  npmPin,
  onbuildForbidden,
  packageCache,
  pipNoCache,
  pipPin,
  pipefail,
  pointlessCommand,
  redundantTargetPlatform,
  reservedStageName,
  rmInLaterLayer,
  rootHomeNonRoot,
  scratchWithoutCerts,
  secretInEnv,
  shellFormCmd,
  shellSymlink,
  singleStage,
  sourceInFinal,
  stageNameCasing,
  undefinedArgInFrom,
  undefinedVar,
  useraddLargeUid,
  wgetAndCurl,
  wgetProgress,
  workdirRelative,
  yumPin,
  yumYes,
  zypperDistUpgrade,
  zypperNonInteractive,
  zypperPin,
];

/** Rules that wait for something outside the process (ShellCheck): run after the others, off the keystroke path. */
export const allAsyncRules: readonly AsyncRule[] = [shellcheck];

export function ruleById(id: string): Rule | undefined {
  const lower = id.toLowerCase();
  return allRules.find((rule) => rule.meta.id === lower || rule.meta.aliases.some((alias) => alias.toLowerCase() === lower));
}
