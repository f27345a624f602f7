// `.dockerfile-optimizer.json` for each Dockerfile, found upwards from its folder. Lookups are
// cached per folder because the editor re-checks on every keystroke; the client's file
// watcher tells the server when a config file changes, and then the cache is dropped.
import { ConfigError, findConfigFile, loadConfig, type RuleOptions, type RuleSettings } from '../analysis/config';

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

  /** The config that applies to Dockerfiles in `folder`; never throws. */
  lookup(folder: string): ConfigLookup {
    let found = this.byFolder.get(folder);
    if (!found) {
      found = readConfigFor(folder);
      this.byFolder.set(folder, found);
    }
    return found;
  }

  clear(): void {
    this.byFolder.clear();
  }
}

function readConfigFor(folder: string): ConfigLookup {
  let path: string | null = null;
  try {
    path = findConfigFile(folder);
    if (!path) return { path: null };
    const config = loadConfig(path);
    return { path, settings: config.rules, options: config.options };
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `${path ?? folder}: ${(error as Error)?.message ?? error}`;
    return { path, error: message };
  }
}
