import { substituteVariables } from '../analysis/image';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import { AUTOMATIC_PLATFORM_ARGS } from '../analysis/variables';

// Docker's reference grammar (distribution/reference), as ParseNormalizedNamed accepts it.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN = '(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?';
const REFERENCE = new RegExp(
  `^(?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$`,
);

/** Whether Docker accepts `text` as an image reference. */
export function isValidReference(text: string): boolean {
  return text.length > 0 && text.length <= 255 && REFERENCE.test(text) && !/^[a-f0-9]{64}$/.test(text);
}

export const invalidDefaultArgInFrom: Rule = {
  meta: {
    id: 'invalid-default-arg-in-from',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: "Give ARGs used in FROM defaults that make a valid image name.",
    fixable: false,
    aliases: ['InvalidDefaultArgInFrom'],
    requires: { text: ['$'] },
    docs: `\`ARG TAG\` + \`FROM busybox:\${TAG}\` only builds when every build passes \`--build-arg TAG=...\`;
without it the image is \`busybox:\`, which is no valid name, and the build fails (a CI job,
\`docker compose build\`, a colleague's first build).

**Flagged:** a FROM whose image, with every global \`ARG\` at its default (unset ones empty)
and BuildKit's platform arguments at a linux/amd64 build's values, is not a valid image
reference (as BuildKit's InvalidDefaultArgInFrom).

**No automatic fix:** give the \`ARG\` a default (\`ARG TAG=1.36\`), or use a default in the
expansion (\`FROM busybox:\${TAG:-1.36}\`).`,
  },
  check({ model, report }) {
    let defaults: Map<string, string> | null = null;
    for (const stage of model.stages) {
      const raw = stage.from.args[0]?.value;
      if (!raw?.includes('$')) continue;
      defaults ??= globalDefaults(model);
      const { value } = substituteVariables(raw, defaults);
      if (isValidReference(value)) continue;
      report({
        range: stage.from.args[0].range,
        message: `Default value for ARG ${raw} results in an empty or invalid base image name${value ? ` ('${value}')` : ''}.`,
      });
    }
  },
};

/** Global ARG defaults, each expanded with the ones above it (`ARG CLI_VERSION=${VERSION}`). */
function globalDefaults(model: DockerfileModel): Map<string, string> {
  const defaults = new Map<string, string>(AUTOMATIC_PLATFORM_ARGS);
  for (const [name, value] of model.globalArgs) defaults.set(name, substituteVariables(unquote(value ?? ''), defaults).value);
  return defaults;
}

function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}
