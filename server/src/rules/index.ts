// Every rule of the engine. Add a rule here and it is linted, documented and configurable.
import type { Rule } from '../analysis/rule';
import { addInsteadOfCopy } from './add-instead-of-copy';
import { apkNoCache } from './apk-no-cache';
import { aptLists } from './apt-lists';
import { aptNoRecommends } from './apt-no-recommends';
import { cacheMount } from './cache-mount';
import { chownAfterCopy } from './chown-after-copy';
import { consecutiveRun } from './consecutive-run';
import { copyBeforeDeps } from './copy-before-deps';
import { goStatic } from './go-static';
import { heavyFinalBase } from './heavy-final-base';
import { latestTag } from './latest-tag';
import { missingHealthcheck } from './missing-healthcheck';
import { missingUser } from './missing-user';
import { noDockerignore } from './no-dockerignore';
import { npmCi } from './npm-ci';
import { packageCache } from './package-cache';
import { pipNoCache } from './pip-no-cache';
import { rmInLaterLayer } from './rm-in-later-layer';
import { secretInEnv } from './secret-in-env';
import { shellFormCmd } from './shell-form-cmd';
import { singleStage } from './single-stage';

export const allRules: readonly Rule[] = [
  addInsteadOfCopy,
  apkNoCache,
  aptLists,
  aptNoRecommends,
  cacheMount,
  chownAfterCopy,
  consecutiveRun,
  copyBeforeDeps,
  goStatic,
  heavyFinalBase,
  latestTag,
  missingHealthcheck,
  missingUser,
  noDockerignore,
  npmCi,
  packageCache,
  pipNoCache,
  rmInLaterLayer,
  secretInEnv,
  shellFormCmd,
  singleStage,
];

export function ruleById(id: string): Rule | undefined {
  const lower = id.toLowerCase();
  return allRules.find((rule) => rule.meta.id === lower || rule.meta.aliases.some((alias) => alias.toLowerCase() === lower));
}
