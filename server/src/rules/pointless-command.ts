import type { Rule } from '../analysis/rule';
import { commandRange, forEachRunCommand } from '../analysis/run-commands';

// Interactive tools and system services: nothing to do in a build step without a terminal or init.
const POINTLESS = new Set(['ssh', 'vim', 'vi', 'nano', 'shutdown', 'reboot', 'service', 'ps', 'free', 'top', 'htop', 'kill', 'mount', 'ifconfig']);
// RUNs whose text has none of these cannot run one of them (`vi` covers vim, `top` htop). The
// most frequent first (`ps` is in every `https`): a file is searched until one is found.
const HINTS = ['ps', 'vi', 'kill', 'mount', 'ssh', 'service', 'top', 'free', 'nano', 'shutdown', 'reboot', 'ifconfig'];
// The same as one pattern: a RUN's text is then scanned once, not once per hint.
const HINT = new RegExp(HINTS.join('|'));

export const pointlessCommand: Rule = {
  meta: {
    id: 'pointless-command',
    scope: 'stage',
    category: 'correctness',
    severity: 'info',
    description: 'Do not run interactive or system tools (ssh, vim, service, top, ...) in a RUN.',
    fixable: false,
    aliases: ['DL3001'],
    requires: { keywords: ['RUN'], text: HINTS },
    docs: `A \`RUN\` step has no terminal, no init system and no other processes: \`vim\` waits for
input forever, \`service x start\` starts a daemon that dies with the step, \`ps\`, \`top\`,
\`free\` and \`kill\` look at an empty container, \`mount\` and \`shutdown\` are not allowed.

**Flagged:** \`ssh\`, \`vim\`, \`vi\`, \`nano\`, \`shutdown\`, \`reboot\`, \`service\`, \`ps\`, \`free\`,
\`top\`, \`htop\`, \`kill\`, \`mount\` and \`ifconfig\` run as commands (installing them, as in
\`apt-get install ssh\`, is fine).

**No automatic fix:** start services in \`CMD\`/\`ENTRYPOINT\`, edit files with \`sed\` or \`COPY\`.`,
  },
  check({ model, report }) {
    forEachRunCommand(model, HINT, (found) => {
      if (!POINTLESS.has(found.command.name)) return;
      report({ range: commandRange(model, found), message: `'${found.command.name}' makes no sense in a build step (no terminal, no running services).` });
    });
  },
};
