// The scenarios, in the order they run. Add a scenario by writing scenarios/<nn>-<name>.ts
// and listing it here.
import type { Scenario } from '../harness/scenario';
import { diagnostics } from './01-diagnostics';
import { quickFixes } from './02-quick-fixes';
import { fixAllOnSave } from './03-fix-all-on-save';
import { hoverIgnoreSeverity } from './04-hover-ignore-severity';
import { typingLargeFile } from './05-typing-large-file';
import { buildAndLayerSizes } from './06-build-and-layer-sizes';
import { dockerignoreAndContext } from './07-dockerignore-and-context';
import { untrustedWorkspace } from './08-untrusted-workspace';
import { activationContainerfile, activationDockerfile } from './09-activation';
import { extensionHostSuite } from './10-extension-host-suite';

export const scenarios: Scenario[] = [
  diagnostics,
  quickFixes,
  fixAllOnSave,
  hoverIgnoreSeverity,
  typingLargeFile,
  buildAndLayerSizes,
  dockerignoreAndContext,
  untrustedWorkspace,
  activationDockerfile,
  activationContainerfile,
  extensionHostSuite,
];
