import { officialImageName } from '../analysis/base-images';
import { installedPackages, isAlpine } from '../analysis/ecosystem';
import { insertLinesAfter } from '../analysis/edits';
import type { AnalysisEnv } from '../analysis/env';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import { entryCommandOf, lineageSummaries, pathExistence, stageSummary } from '../analysis/stage-flow';
import { stageLineage } from '../analysis/stage-lineage';
import type { Stage, TextEdit } from '../analysis/types';

const CERTS = '/etc/ssl/certs/ca-certificates.crt';
// Anything that looks like CA certificates being copied or pointed to.
const CERT_HINT = /ca-certificates|ca-bundle|cacert|\/etc\/ssl|\/etc\/pki|\.crt\b|\.pem\b|certs?\b|SSL_CERT|x509/i;
// Official images that carry /etc/ssl/certs/ca-certificates.crt in every variant.
// Files an image may name as its "command" that are packages for another runtime, not programs.
const NOT_A_BINARY = /\.(apk|aab|wasm|jar|war|zip|tar|tgz|gz|js|mjs|py|html|json)$/i;
const IMAGES_WITH_CERTS = new Set(['golang', 'rust', 'python', 'buildpack-deps', 'alpine']);

export const scratchWithoutCerts: Rule = {
  meta: {
    id: 'scratch-without-certs',
    category: 'correctness',
    severity: 'info',
    description: 'A FROM scratch image runs a binary but has no CA certificates, so its outbound HTTPS calls fail.',
    fixable: true,
    aliases: [],
    requires: { keywords: ['COPY', 'ADD'] },
    docs: `\`scratch\` is empty: no \`/etc/ssl/certs/ca-certificates.crt\`. A Go or Rust binary that
calls an HTTPS API from there fails with \`x509: certificate signed by unknown authority\`
(or \`certificate verify failed\`) at run time, not at build time. Many services never call
out, which is why this is only a hint.

**Flagged** (info): a final stage on \`scratch\` (directly or through the stages it builds
FROM) that copies files and has an ENTRYPOINT or CMD, when no COPY/ADD brings certificates
(a path with \`ca-certificates\`, \`/etc/ssl\`, \`/etc/pki\`, \`.crt\` or \`.pem\`) and no
\`SSL_CERT_FILE\`/\`SSL_CERT_DIR\` is set.

**Not flagged:** stages without a command (exported with \`--output\`, not run), commands
that are packages rather than programs (\`.apk\`, \`.wasm\`, \`.jar\`, ...), and stages that
copy a whole filesystem to \`/\` from another stage (it may hold the certificates).

**Fix:** \`COPY --from=<builder> ${CERTS} /etc/ssl/certs/\` right after the FROM, from the
stage the binary comes from when that stage has the file: an official \`golang\`, \`rust\`,
\`python\`, \`buildpack-deps\` or Alpine-based image, or one that installs \`ca-certificates\`.
Otherwise no fix; \`gcr.io/distroless/static-debian12\` is the other way (certificates,
\`/etc/passwd\` and tzdata included, still no shell).

BuildKit and hadolint have no equivalent check.`,
  },
  check({ model, env, report }) {
    const final = model.finalStage;
    if (!final) return;
    const lineage = stageLineage(final);
    if (!lineage[lineage.length - 1].isScratch) return;
    const entry = entryCommandOf(final);
    // No command: an export stage (`--output`), never run. A program that is a package, not a binary: the same.
    if (!entry || entry.words.length === 0 || NOT_A_BINARY.test(entry.words[0]) || entry.words[0].startsWith('-')) return;
    const instructions = lineage.flatMap((stage) => stage.instructions);
    const copies = instructions.filter((instruction) => instruction.keyword === 'COPY' || instruction.keyword === 'ADD');
    if (copies.length === 0) return;
    if (copies.some((instruction) => CERT_HINT.test(instruction.text))) return;
    if (instructions.some((instruction) => instruction.keyword === 'ENV' && instruction.properties.some((p) => /^SSL_CERT_(FILE|DIR)$/.test(p.name)))) return;
    const summaries = lineageSummaries(model, final, env);
    // A filesystem copied to / (COPY --from=rootfs / /) may hold the certificates.
    const wholeTree = (from: Stage | null, path: string | null) => !from || !path || !isKnownFile(model, env, from, path);
    if (summaries.some((summary) => summary.copies.some((copy) => copy.destination === '/' && copy.sources.some((source) => wholeTree(copy.from, source.path))))) return;
    const source = certificateSource(model, env, final);
    const word = final.from.args[0];
    report({
      range: word?.range ?? final.from.range,
      message:
        `This scratch image runs a binary but has no CA certificates (${CERTS}): outbound HTTPS from it fails with 'certificate signed by unknown authority'. ` +
        (source ? `Copy them from stage ${source.name ?? source.index}, or use gcr.io/distroless/static-debian12.` : 'Copy them from a build stage, or use gcr.io/distroless/static-debian12.'),
      fixTitle: source ? `Copy the CA certificates from stage ${source.name ?? source.index}` : undefined,
      fix: source ? () => copyCertificates(model, final, source) : undefined,
    });
  },
};

/** Whether a build command is known to write `path` as a file (`go build -o /out/app`). */
function isKnownFile(model: DockerfileModel, env: AnalysisEnv, stage: Stage, path: string): boolean {
  const created = pathExistence(model, stage, path, env).created;
  return created !== null && created.path === path && created.contents.kind === 'none' && created.instruction.keyword === 'RUN' && !/^(mkdir|touch)\b/.test(created.label);
}

/** The stage the final stage copies from first that is known to have the certificate bundle. */
function certificateSource(model: DockerfileModel, env: AnalysisEnv, final: Stage): Stage | null {
  for (const summary of lineageSummaries(model, final, env).reverse()) {
    for (const copy of summary.copies) {
      if (copy.kind === 'copy' && copy.from && hasCertificates(model, env, copy.from)) return copy.from;
    }
  }
  return null;
}

function hasCertificates(model: DockerfileModel, env: AnalysisEnv, stage: Stage): boolean {
  const lineage = stageLineage(stage);
  const root = lineage[lineage.length - 1];
  if (root.isScratch || root.base.unresolved) return false;
  const official = officialImageName(root.base);
  if (official && (IMAGES_WITH_CERTS.has(official) || isAlpine(root.base))) return true;
  // A stage that installs the bundle, and does not remove it.
  return lineage.some((member) =>
    member.instructions.some(
      (instruction) => instruction.keyword === 'RUN' && model.run(instruction).commands.some((command) => installedPackages(command)?.some((name) => name === 'ca-certificates')),
    ),
  ) && stageSummary(model, stage, env).removed.every((entry) => !CERTS.startsWith(entry.path));
}

function copyCertificates(model: DockerfileModel, final: Stage, source: Stage): TextEdit[] | null {
  const ref = source.name ?? String(source.index);
  // Into the first stage of the lineage, right after its FROM: later stages inherit it.
  const lineage = stageLineage(final);
  const first = lineage[lineage.length - 1];
  if (source.index >= first.index) return null;
  return [insertLinesAfter(model, first.from, [`COPY --from=${ref} ${CERTS} /etc/ssl/certs/`])];
}
