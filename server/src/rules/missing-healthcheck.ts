import type { Rule } from '../analysis/rule';
import { lastInLineage } from '../analysis/stage-lineage';

export const missingHealthcheck: Rule = {
  meta: {
    id: 'missing-healthcheck',
    scope: 'stage',
    category: 'correctness',
    severity: 'info',
    description: 'An image that serves a port should say how to check that it is healthy.',
    fixable: false,
    aliases: ['DL3057'],
    requires: { keywords: ['EXPOSE'] },
    docs: `A container whose process is alive but hung (deadlocked, out of connections, stuck on a
dependency) looks "running" to Docker. With a \`HEALTHCHECK\`, Docker (and Compose's
\`depends_on: condition: service_healthy\`, Swarm's rolling updates) see it as \`unhealthy\`
and can act on it.

**Flagged:** the final stage \`EXPOSE\`s a port (itself or through the stage it builds FROM)
and neither it nor those stages declare a \`HEALTHCHECK\`. \`HEALTHCHECK NONE\` counts as a
decision and silences the rule.

**No automatic fix:** what "healthy" means is specific to the application. A typical check
for an HTTP service, using a tool the image has (\`wget\` is in BusyBox/Alpine; slim Debian
images have neither \`curl\` nor \`wget\` unless installed; distroless images need the app
itself to offer a check command):

\`\`\`dockerfile
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \\
  CMD wget -q -O /dev/null http://localhost:3000/health || exit 1
\`\`\`

Kubernetes ignores \`HEALTHCHECK\` and uses its own probes; if that is where the image runs,
turn this rule off or write \`HEALTHCHECK NONE\`.

**Difference from hadolint DL3057:** hadolint flags every Dockerfile without a
\`HEALTHCHECK\`; we only flag images that expose a port (a batch job or a CLI image has
nothing to probe), at info level. Like hadolint we follow \`FROM <stage>\` inheritance.`,
  },
  check({ model, report }) {
    const final = model.finalStage;
    if (!final) return;
    const expose = lastInLineage(final, 'EXPOSE');
    if (!expose || expose.args.length === 0 || lastInLineage(final, 'HEALTHCHECK')) return;
    const ports = expose.args.map((arg) => arg.value).join(', ');
    report({
      range: expose.stageIndex === final.index ? expose.range : final.from.range,
      message: `The final image exposes ${ports} but has no HEALTHCHECK, so a hung server still looks healthy to Docker.`,
    });
  },
};
