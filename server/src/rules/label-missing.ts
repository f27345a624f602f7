import { labelsOfStage, targetStages } from '../analysis/labels';
import type { Rule } from '../analysis/rule';

export const labelMissing: Rule = {
  meta: {
    id: 'label-missing',
    category: 'correctness',
    severity: 'info',
    description: 'Images must carry every label of the label schema.',
    fixable: false,
    aliases: ['DL3049'],
    docs: `A label schema (\`labelSchema\` in \`.dockerfile-optimizer.json\`, hadolint's
\`label-schema\`) lists the labels every image must carry (source, version, owner, ...), so
registries and scanners can find them.

**Flagged:** each schema label missing from an image the Dockerfile produces: the final
stage, and any stage no other stage builds on or copies from (it can only be a \`--target\`).
Labels set in a stage it builds FROM count. Without a schema the rule checks nothing.

\`\`\`json
{ "labelSchema": { "org.opencontainers.image.source": "url", "maintainer": "email" } }
\`\`\`

**No automatic fix:** the values are yours to write.

**Differences:** hadolint checks every stage, builder stages included; we check the stages that
are images (a builder's labels are not in the image you ship).`,
  },
  check({ model, report, options }) {
    const schema = options.labelSchema;
    if (!schema) return;
    for (const stage of targetStages(model)) {
      const present = labelsOfStage(stage);
      for (const key of Object.keys(schema)) {
        if (!present.has(key)) report({ range: stage.from.range, message: `Label '${key}' is missing from ${stage.name ? `stage '${stage.name}'` : 'this image'}.` });
      }
    }
  },
};
