import type { Rule } from '../analysis/rule';

// Operating systems and architectures of Go's platform names, as BuildKit parses --platform.
const OS = new Set(['linux', 'windows', 'darwin', 'freebsd', 'netbsd', 'openbsd', 'solaris', 'illumos', 'aix', 'android', 'ios', 'plan9', 'dragonfly', 'js', 'wasip1']);
const ARCH = new Set(['amd64', 'arm64', 'arm', '386', 'ppc64le', 'ppc64', 's390x', 'riscv64', 'mips64le', 'mips64', 'mipsle', 'mips', 'loong64', 'wasm', 'x86_64', 'aarch64', 'armhf', 'armel', 'i386']);
const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386' };

/** `linux/arm64/v8` -> { os, arch }; null when it is no platform BuildKit would parse. */
export function parsePlatform(value: string): { os: string; arch: string } | null {
  const parts = value.toLowerCase().split('/');
  if (parts.length === 1) {
    if (OS.has(parts[0])) return { os: parts[0], arch: 'amd64' };
    if (ARCH.has(parts[0])) return { os: 'linux', arch: ARCH_ALIASES[parts[0]] ?? parts[0] };
    return null;
  }
  if (!OS.has(parts[0]) || !ARCH.has(parts[1]) || parts.length > 3) return null;
  return { os: parts[0], arch: ARCH_ALIASES[parts[1]] ?? parts[1] };
}

export const fromPlatformConst: Rule = {
  meta: {
    id: 'from-platform-const',
    scope: 'stage',
    category: 'correctness',
    severity: 'warning',
    description: 'Do not pin FROM --platform to a constant; use $BUILDPLATFORM or $TARGETPLATFORM.',
    fixable: false,
    aliases: ['DL3029', 'FromPlatformFlagConstDisallowed'],
    requires: { text: ['--platform'] },
    docs: `\`FROM --platform=linux/amd64 node:20\` forces that platform whatever the build asks for:
\`docker buildx build --platform linux/arm64\` then produces an image that claims arm64 but
holds amd64 binaries, or emulates the whole build.

**Flagged:** a \`--platform\` value without variables that names a platform (hadolint's DL3029
and BuildKit's FromPlatformFlagConstDisallowed). **Not flagged:** \`$BUILDPLATFORM\`,
\`$TARGETPLATFORM\` or any variable, and, as in BuildKit, a stage whose name mentions the
platform's OS or architecture (\`AS build-amd64\`): such stages are picked per platform on
purpose (\`FROM build-$TARGETARCH\`).

**No automatic fix:** whether the stage should run on the build machine (\`$BUILDPLATFORM\`, for
cross-compiling) or the target (\`$TARGETPLATFORM\`, the default) is a design decision.

**Differences:** hadolint flags constants whatever the stage name; we follow BuildKit's
exemption for platform-named stages.`,
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const flag = stage.from.flags.find((f) => f.name === 'platform');
      const value = flag?.value?.replace(/^["']|["']$/g, '');
      if (!flag || !value || value.includes('$')) continue;
      const platform = parsePlatform(value);
      if (!platform) continue;
      const name = stage.name?.toLowerCase() ?? '';
      if (name.includes(platform.os) || name.includes(platform.arch)) continue;
      report({ range: flag.range, message: `FROM --platform flag should not use the constant value '${value}'; the build's --platform is ignored for this stage.` });
    }
  },
};
