import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flagValue, hasFlag, isCall, positionalArgs } from '../../server/src/analysis/commands';
import { parseShell } from '../../server/src/analysis/shell';

const names = (script: string) => parseShell(script).map((c) => c.name);

describe('parseShell', () => {
  it('splits on &&, ||, ;, pipes, & and newlines', () => {
    assert.deepEqual(names('a && b || c; d | e & f\ng'), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    assert.deepEqual(parseShell('a && b || c').map((c) => c.connector), ['&&', '||', null]);
  });

  it('joins backslash continuations and keeps offsets into the original text', () => {
    const text = 'apt-get update \\\n && apt-get install -y \\\n    curl';
    const [update, install] = parseShell(text);
    assert.equal(update.name, 'apt-get');
    assert.deepEqual(install.args.map((a) => a.value), ['install', '-y', 'curl']);
    const curl = install.args[2];
    assert.equal(text.slice(curl.start, curl.end), 'curl');
  });

  it('reads an end past the text as the text\'s end', () => {
    assert.deepEqual(parseShell('echo hi', 0, 12).map((c) => c.args.map((a) => [a.value, a.end])), [[['hi', 7]]]);
    assert.deepEqual(parseShell('echo "a', 0, 40).map((c) => c.args.map((a) => a.value)), [['a']]);
  });

  it('honours a custom escape character', () => {
    const [command] = parseShell('echo a `\n b', 0, undefined, '`');
    assert.deepEqual(command.args.map((a) => a.value), ['a', 'b']);
  });

  it('unquotes words but keeps expansions literal', () => {
    const [command] = parseShell(`echo "a b" 'c $d' e\\ f "$(date +%s)" \${X:-y}`);
    assert.deepEqual(command.args.map((a) => a.value), ['a b', 'c $d', 'e f', '$(date +%s)', '${X:-y}']);
  });

  it('does not split inside quotes or command substitutions', () => {
    assert.deepEqual(names(`sh -c "a && b"; x=$(c | d) e`), ['sh', 'e']);
  });

  it('drops redirections and their targets from the arguments', () => {
    const [command] = parseShell('curl -o /tmp/x https://e > /dev/null 2>&1');
    assert.deepEqual(command.args.map((a) => a.value), ['-o', '/tmp/x', 'https://e']);
  });

  it('skips heredoc bodies inside a script', () => {
    assert.deepEqual(names('cat <<EOF > /f\napt-get install x\nEOF\nrm -f y'), ['cat', 'rm']);
    assert.deepEqual(names('cat <<-"END"\n\tnot a command\n\tEND\nls'), ['cat', 'ls']);
  });

  it('strips assignments and wrappers such as sudo and env', () => {
    const [command] = parseShell('DEBIAN_FRONTEND=noninteractive sudo -E -u root env A=1 /usr/bin/apt-get install x');
    assert.equal(command.name, 'apt-get');
    assert.deepEqual(command.assignments, ['DEBIAN_FRONTEND=noninteractive', 'A=1']);
  });

  it('reads control keywords as prefixes, and comments as nothing', () => {
    assert.deepEqual(names('if [ -f x ]; then rm x; else touch x; fi # comment && y'), ['[', 'rm', 'touch']);
    assert.deepEqual(names('for f in a b; do echo $f; done'), ['for', 'echo']);
  });

  it('survives unterminated quotes and substitutions', () => {
    assert.doesNotThrow(() => parseShell('echo "abc'));
    assert.doesNotThrow(() => parseShell("echo 'abc"));
    assert.doesNotThrow(() => parseShell('echo $(abc'));
    assert.doesNotThrow(() => parseShell('echo `abc'));
    assert.doesNotThrow(() => parseShell('cat <<EOF'));
  });
});

describe('command questions', () => {
  const [command] = parseShell('apt-get -qy install --no-install-recommends -o Dpkg::Options::=x curl=1.2 git');

  it('finds flags, combined short flags and --flag=value', () => {
    assert.ok(hasFlag(command, '-y'));
    assert.ok(hasFlag(command, '--no-install-recommends'));
    assert.ok(!hasFlag(command, '--yes'));
    const [pip] = parseShell('pip install --no-cache-dir=1 x');
    assert.ok(hasFlag(pip, '--no-cache-dir'));
  });

  it('reads flag values', () => {
    assert.equal(flagValue(command, '-o'), 'Dpkg::Options::=x');
    const [go] = parseShell('go build -o=/out/app ./cmd');
    assert.equal(flagValue(go, '-o'), '/out/app');
  });

  it('lists positional arguments and matches subcommands', () => {
    assert.deepEqual(positionalArgs(command, ['-o']).map((a) => a.value), ['install', 'curl=1.2', 'git']);
    assert.ok(isCall(command, 'apt-get', 'install'));
    assert.ok(isCall(parseShell('npm ci')[0], 'npm', 'install|ci'));
    assert.ok(!isCall(parseShell('npm run build')[0], 'npm', 'install|ci'));
    assert.ok(isCall(parseShell('go mod download')[0], 'go', 'mod', 'download'));
  });
});
