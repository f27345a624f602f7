// The shared judgement of yum-pin and dnf-pin: `name-version[-release]`, or `module:stream`.
import { installCall } from './package-managers';
import type { PinCheck } from './pinning';

/** `tomcat-9.2`, `openssl-1:1.1.1k`, `gcc-c++-1.1.1`: a name, a dash, then a version starting with a digit. */
const RPM_VERSIONED = /-(\d+:)?\d[^-]*(-[^-]+)?$/;

export function rpmPinCheck(programs: string[]): PinCheck {
  return {
    programs,
    substitute: true,
    packages: ({ command }) => {
      const call = installCall(command);
      return call && call.kind !== 'group' ? call.packages : null;
    },
    pinned: (value, { command }) => {
      if (value.endsWith('.rpm') || value.startsWith('@') || value.includes('/')) return true;
      return installCall(command)?.kind === 'module' ? value.includes(':') : RPM_VERSIONED.test(value);
    },
    example: 'tomcat-9.0.1 (module:stream for modules)',
  };
}
