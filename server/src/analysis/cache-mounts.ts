// "Does this RUN keep a cache directory out of its layer?" A `--mount=type=cache` or
// `--mount=type=tmpfs` on a directory (or on one of its parents) means whatever the command
// writes there is not committed to the image, so cache-cleanup rules stay quiet about it.
import type { Mount, RunInfo } from './model';

/** Mount types whose writes never reach the layer. */
const SCRATCH_MOUNT_TYPES = new Set(['cache', 'tmpfs']);

/** `/var/lib/apt/lists/` -> `/var/lib/apt/lists`; `/` stays `/`. */
function trimSlashes(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** True when the mount's target is `path` itself or one of its parent directories. */
export function mountCoversPath(mount: Mount, path: string): boolean {
  if (!SCRATCH_MOUNT_TYPES.has(mount.type) || !mount.target) return false;
  const target = trimSlashes(mount.target);
  const wanted = trimSlashes(path);
  return target === wanted || target === '/' || wanted.startsWith(target + '/');
}

/** True when a cache or tmpfs mount of the RUN covers any of the paths. */
export function cacheMountCovers(run: RunInfo, ...paths: string[]): boolean {
  return run.mounts.some((mount) => paths.some((path) => mountCoversPath(mount, path)));
}

/** True when a cache or tmpfs mount's target matches the test (for paths known only by shape, e.g. `~/.cache/pip`). */
export function cacheMountWhere(run: RunInfo, test: (target: string) => boolean): boolean {
  return run.mounts.some((mount) => SCRATCH_MOUNT_TYPES.has(mount.type) && mount.target !== null && test(trimSlashes(mount.target)));
}
