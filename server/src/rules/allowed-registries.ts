import type { Rule } from '../analysis/rule';

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'hub.docker.com']);

/** Whether `registry` (null: Docker Hub) matches one of the allowed names (`*.example.com` globs allowed). */
export function registryAllowed(registry: string | null, allowed: readonly string[]): boolean {
  const name = (registry ?? 'docker.io').toLowerCase();
  return allowed.some((entry) => {
    const pattern = entry.toLowerCase();
    if (pattern === '*') return true;
    if (DOCKER_HUB.has(pattern) && DOCKER_HUB.has(name)) return true;
    if (pattern.includes('*')) return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(name);
    return pattern === name;
  });
}

export const allowedRegistries: Rule = {
  meta: {
    id: 'allowed-registries',
    scope: 'stage',
    category: 'security',
    severity: 'error',
    description: 'Pull base images only from the registries listed in allowedRegistries.',
    fixable: false,
    aliases: ['DL3026'],
    docs: `Organisations often require base images from a mirror or a vetted registry; an image
pulled from elsewhere escapes scanning and availability guarantees.

**Flagged:** a \`FROM\` image (or a \`COPY --from\` image) whose registry is not in the
\`allowedRegistries\` option (Docker Hub images count as \`docker.io\`; \`*.example.com\` matches
subdomains). Build stages, \`scratch\` and images named by an unresolved variable are not
checked. Without the option the rule checks nothing.

\`\`\`json
{ "allowedRegistries": ["docker.io", "registry.example.com", "*.gcr.io"] }
\`\`\`

(hadolint's \`trustedRegistries\`.)`,
  },
  check({ model, report, options }) {
    const allowed = options.allowedRegistries;
    if (!allowed || allowed.length === 0) return;
    for (const stage of model.stages) {
      if (stage.isScratch || stage.baseStage || stage.base.unresolved || !stage.from.args[0]) continue;
      if (registryAllowed(stage.base.registry, allowed)) continue;
      report({ range: stage.from.args[0].range, message: `Registry '${stage.base.registry ?? 'docker.io'}' of ${stage.base.resolved} is not in allowedRegistries (${allowed.join(', ')}).` });
    }
  },
};
