// The config for each Dockerfile, found upwards from its folder: the nearest
// `.dockerfile-optimizer.json`, else the nearest `.hadolint.yaml`/`.hadolint.yml` (read as
// hadolint does, see analysis/hadolint-config.ts). Lookups are cached per folder because the
// editor re-checks on every keystroke; the client's file watcher tells the server when a config
// file changes, and then the cache is dropped.
import { ConfigError, type RuleOptions, type RuleSettings } from '../analysis/config';
import { describeHadolintConfig, findApplicableConfigFile, isHadolintConfig, loadAnyConfig } from '../analysis/hadolint-config';
import type { RuleMeta } from '../analysis/rule';
import { allAsyncRules, allRules } from '../rules';

export interface ConfigLookup {
  /** The config file that applies, or null when there is none. */
  path: string | null;
  /** Its rule levels; undefined when there is no file or it is broken. */
  settings?: RuleSettings;
  /** Its rule options (label schema, allowed registries, pinVersions). */
  options?: RuleOptions;
  /** Why the file was ignored, when it was. */
  error?: string;
}

export class ConfigFiles {
  private byFolder = new Map<string, ConfigLookup>();
  /** hadolint files already named in the log since the last change. */
  private announced = new Set<string>();

  /**
   * `log`: where to say which hadolint file is used and what could not be applied (once per
   * file until a config changes). `rules`: every rule, to match hadolint's codes to ours.
   */
  constructor(
    private readonly log: (message: string) => void = () => undefined,
    private readonly rules: readonly { meta: RuleMeta }[] = [...allRules, ...allAsyncRules],
  ) {}

  /** The config that applies to Dockerfiles in `folder`; never throws. */
  lookup(folder: string): ConfigLookup {
    let found = this.byFolder.get(folder);
    if (!found) {
      found = this.readConfigFor(folder);
      this.byFolder.set(folder, found);
    }
    return found;
  }

  clear(): void {
    this.byFolder.clear();
    this.announced.clear();
  }

  private readConfigFor(folder: string): ConfigLookup {
    let path: string | null = null;
    try {
      path = findApplicableConfigFile(folder);
      if (!path) return { path: null };
      const config = loadAnyConfig(path, this.rules);
      if (isHadolintConfig(config) && !this.announced.has(path)) {
        this.announced.add(path);
        this.log(describeHadolintConfig(path, config));
        for (const warning of config.warnings) this.log(`${path}: ${warning}`);
      }
      return { path, settings: config.rules, options: config.options };
    } catch (error) {
      const message = error instanceof ConfigError ? error.message : `${path ?? folder}: ${(error as Error)?.message ?? error}`;
      return { path, error: message };
    }
  }
}
