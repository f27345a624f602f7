import { positionalArgs } from '../analysis/commands';
import { libcOf, type Libc } from '../analysis/ecosystem';
import { chainOf, copiesOutput, disableCgo, goBuildsOf, rootOf, type GoBuild } from '../analysis/go-builds';
import type { DockerfileModel } from '../analysis/model';
import type { Rule } from '../analysis/rule';
import { copyPaths } from '../analysis/stage-paths';
import type { Instruction, Range, Stage } from '../analysis/types';

/** A `COPY --from` that takes a build's output into a minimal image. */
interface CopyInto {
  copy: Instruction;
  image: string;
  libc: Libc;
}

export const goStatic: Rule = {
  meta: {
    id: 'go-static',
    scope: 'stage',
    category: 'size',
    severity: 'warning',
    description: 'Build Go binaries with CGO_ENABLED=0 when they are copied into scratch, distroless/static or Alpine.',
    fixable: true,
    aliases: [],
    requires: { keywords: ['COPY', 'ADD'], text: ['--from'] },
    docs: `A Go binary built with cgo enabled links the C library dynamically whenever a package
it uses has a cgo variant (\`net\`, \`os/user\`). cgo is on by default wherever a C compiler
is present, as in the Debian-based \`golang\` images. Copied into \`scratch\` or
\`gcr.io/distroless/static\`, which have no C library, such a binary fails to start with the
puzzling \`exec /app: no such file or directory\`; copied into Alpine it looks for glibc and
finds musl.

**Flagged:** a \`go build\` (or \`go install\`) whose output a later stage based on
\`scratch\`, distroless/static or Alpine copies with \`COPY --from\`, when cgo is not
disabled for that build: no \`CGO_ENABLED=0\` prefix on the command, no
\`export CGO_ENABLED=0\` before it in the same RUN, no \`ENV\`/\`ARG CGO_ENABLED=0\` in the
stage or the stages it builds on, no \`go env -w CGO_ENABLED=0\`.

**Not flagged:** a scratch or distroless/static stage without CMD or ENTRYPOINT (an export
stage for \`docker build --output\`, which never runs the binary); builds copied into images
that have glibc (distroless/base, distroless/cc, Debian, Ubuntu); Alpine-to-Alpine builds
(both musl); an Alpine \`golang\` builder without a C compiler installed (Go 1.20+ turns cgo
off when it finds no compiler); builds that link statically on purpose
(\`-ldflags '-extldflags "-static"'\`); and builds whose \`CGO_ENABLED\` comes from a
variable or an ARG without a default (known only at build time).

**Fix:** prefixes the \`go build\` command with \`CGO_ENABLED=0 \` (for an exec-form RUN,
adds \`ENV CGO_ENABLED=0\` above it). When the Dockerfile sets \`CGO_ENABLED=1\` on purpose
the binary needs cgo (sqlite, for example): there is no fix, base the runtime stage on
\`gcr.io/distroless/base-debian12\` instead. Adding \`-ldflags="-s -w"\` also strips the
symbol table and debug information, often a quarter of the binary's size.

hadolint and BuildKit have no equivalent check.`,
  },
  check({ model, report }) {
    const buildsOfStage = new Map<Stage, GoBuild[]>();
    const copiesOfBuild = new Map<GoBuild, CopyInto[]>();
    for (const stage of model.stages) {
      const copies = stage.instructions.filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && i.flags.some((f) => f.name === 'from'));
      if (copies.length === 0) continue;
      const root = rootOf(stage);
      const libc = libcOf(root.base, root.isScratch);
      if (libc !== 'none' && libc !== 'musl') continue;
      // A scratch stage without CMD or ENTRYPOINT exports files (`docker build --output`); it never runs them.
      if (libc === 'none' && !startsAProgram(stage)) continue;
      for (const copy of copies) {
        const source = model.stageByRef(copy.flags.find((f) => f.name === 'from')?.value ?? '', stage.index);
        const paths = copyPaths(copy);
        if (!source || !paths) continue;
        let builds = buildsOfStage.get(source);
        if (!builds) buildsOfStage.set(source, (builds = goBuildsOf(model, source)));
        for (const build of builds) {
          if (build.cgo === 'off' || build.cgo === 'unknown' || build.cgo === 'default-off' || build.staticLink) continue;
          if (libc === 'musl' && build.musl) continue;
          if (!paths.sources.some((sourcePath) => copiesOutput(sourcePath, build.output))) continue;
          const list = copiesOfBuild.get(build) ?? [];
          list.push({ copy, image: root.isScratch ? 'scratch' : root.base.resolved, libc });
          copiesOfBuild.set(build, list);
        }
      }
    }
    for (const [build, copies] of copiesOfBuild) reportBuild(model, build, copies, report);
  },
};

function startsAProgram(stage: Stage): boolean {
  return chainOf(stage).some((member) => member.instructions.some((i) => i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD'));
}

function reportBuild(
  model: DockerfileModel,
  build: GoBuild,
  copies: CopyInto[],
  report: Parameters<Rule['check']>[0]['report'],
): void {
  const { instruction, command } = build;
  const what = `go ${positionalArgs(command)[0]?.value ?? 'build'}`;
  const first = copies[0];
  const why =
    first.libc === 'musl'
      ? 'it links glibc, which Alpine (musl) does not have'
      : 'it links the C library dynamically, which that image does not have, and fails to start';
  const cause = build.cgo === 'on' ? 'with CGO_ENABLED=1' : 'without CGO_ENABLED=0';
  const range: Range = build.editable ? model.rangeIn(instruction, command.start, command.end) : instruction.range;
  report({
    range,
    message:
      `'${what}' runs ${cause} and its binary is copied into ${first.image} (line ${first.copy.range.start.line + 1}): ${why}. ` +
      `Build it with CGO_ENABLED=0 (and -ldflags="-s -w" to strip debug symbols).`,
    related: copies.map(({ copy, image }) => ({ range: copy.range, message: `copied into ${image} here` })),
    fixTitle: 'Build with CGO_ENABLED=0',
    // An explicit CGO_ENABLED=1 is a decision (the program needs cgo): the base image is what has to change.
    fix: build.cgo === 'on' ? undefined : () => disableCgo(model, build),
  });
}

