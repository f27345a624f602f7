// hadolint's .hadolint.yaml read as our configuration: what each key becomes, how codes reach our
// rules (one rule per code, a rule with several codes, ShellCheck's SC codes, codes we do not
// have), broken input, where the file is looked for, and the language server's lookup and log.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { analyzeModelAsync, type AsyncRule } from '../../server/src/analysis/async-rules';
import { ConfigError, FindingLevels, type RuleSettings } from '../../server/src/analysis/config';
import { analyze } from '../../server/src/analysis/engine';
import {
  describeHadolintConfig,
  findApplicableConfigFile,
  findUserHadolintConfigFile,
  loadAnyConfig,
  parseHadolintConfig,
  type HadolintConfig,
} from '../../server/src/analysis/hadolint-config';
import { DockerfileModel } from '../../server/src/analysis/model';
import type { RuleMeta } from '../../server/src/analysis/rule';
import { ConfigFiles } from '../../server/src/lsp/config-files';
import { allAsyncRules, allRules } from '../../server/src/rules';

const everyRule = [...allRules, ...allAsyncRules];
const read = (yaml: string): HadolintConfig => parseHadolintConfig(yaml, '.hadolint.yaml', everyRule);

/** Rule ids and severities of the findings of `dockerfile` under a hadolint config. */
function findings(yaml: string, dockerfile: string): string[] {
  const config = read(yaml);
  return analyze(dockerfile, { rules: allRules, settings: [config.rules], ruleOptions: config.options }).findings.map((f) => `${f.ruleId}:${f.severity}`);
}

describe('hadolint config: what each key becomes', () => {
  const table: { name: string; yaml: string; rules?: RuleSettings; options?: object; cli?: Partial<HadolintConfig>; warnings?: RegExp[] }[] = [
    { name: 'ignored codes are off', yaml: 'ignored:\n  - DL3008\n  - DL3059\n', rules: { DL3008: 'off', DL3059: 'off' } },
    {
      name: 'override levels; style is our hint',
      yaml: 'override:\n  error: [DL3001]\n  warning: [DL3042]\n  info: [DL3032]\n  style: [DL3015]\n',
      // DL3032 is one of package-cache's four codes (one per package manager): the rule runs on.
      rules: { DL3015: 'hint', DL3032: 'info', DL3042: 'warning', DL3001: 'error', 'package-cache': 'warning' },
    },
    { name: 'ignored beats an override; error beats warning', yaml: 'ignored: [DL3015]\noverride:\n  error: [DL3015, DL3001]\n  warning: [DL3001]\n', rules: { DL3001: 'error', DL3015: 'off' } },
    { name: 'SC codes are kept for the ShellCheck findings', yaml: 'ignored: [SC2086]\noverride:\n  error: [SC2046]\n', rules: { SC2046: 'error', SC2086: 'off' } },
    {
      name: 'a code we do not have is skipped with a warning',
      yaml: 'ignored: [DL3005, DL3008, DL9999, not-a-rule]\n',
      rules: { DL3008: 'off' },
      warnings: [/DL3005: no rule here has this code/, /DL9999: no rule here/, /"not-a-rule" is not a rule code/],
    },
    {
      name: 'one code of a rule with several: the rule keeps running at its default, written after the code',
      yaml: 'ignored: [DL4003]\n',
      rules: { DL4003: 'off', 'multiple-instructions': 'warning' },
    },
    { name: 'every code of such a rule at one level: the rule itself', yaml: 'ignored: [DL3012, DL4003, DL4004]\n', rules: { DL3012: 'off', DL4003: 'off', DL4004: 'off' } },
    { name: 'our rule ids and BuildKit names are taken too', yaml: 'ignored: [missing-healthcheck, StageNameCasing]\n', rules: { 'missing-healthcheck': 'off', StageNameCasing: 'off' } },
    { name: 'trustedRegistries: one name', yaml: 'trustedRegistries: docker.io\n', options: { allowedRegistries: ['docker.io'] } },
    { name: 'trustedRegistries: a list (and hadolint 2.0 spelling)', yaml: 'trusted-registries:\n  - docker.io\n  - "*.gcr.io"\n', options: { allowedRegistries: ['docker.io', '*.gcr.io'] } },
    {
      name: 'label-schema and strict-labels',
      yaml: 'label-schema:\n  maintainer: email\n  org.opencontainers.image.created: rfc3339\nstrict-labels: true\n',
      options: { labelSchema: { maintainer: 'email', 'org.opencontainers.image.created': 'rfc3339' }, strictLabels: true },
    },
    { name: 'disable-ignore-pragma', yaml: 'disable-ignore-pragma: true\n', options: { disableIgnorePragmas: true } },
    { name: 'failure-threshold in our levels', yaml: 'failure-threshold: style\n', cli: { failureThreshold: 'hint' } },
    { name: 'failure-threshold none: every finding', yaml: 'failure-threshold: none\n', cli: { failureThreshold: 'hint' } },
    { name: 'no-fail, no-color, format, verbose are accepted', yaml: 'no-fail: true\nno-color: true\nformat: json\nverbose: false\n', cli: { noFail: true, format: 'json' } },
    { name: 'an unknown format is kept with a warning', yaml: 'format: fancy\n', cli: { format: 'fancy' }, warnings: [/format "fancy"/] },
    { name: 'unknown keys and override levels: warnings, the rest applies', yaml: 'ignored: [DL3008]\nshellcheck: strict\noverride:\n  fatal: [DL3001]\n', rules: { DL3008: 'off' }, warnings: [/unknown key "shellcheck"/, /unknown key "override.fatal"/] },
    { name: 'null values count as absent', yaml: 'ignored:\noverride:\n  error:\ntrustedRegistries:\nlabel-schema:\n', rules: {} },
    { name: 'an empty file sets nothing', yaml: '', rules: {} },
    { name: 'only comments', yaml: '# hadolint settings\n', rules: {} },
    { name: "the YAML parser's warnings are warnings", yaml: '%YAML 9.9\n---\nignored: [DL3008]\n', rules: { DL3008: 'off' }, warnings: [/YAML: Unsupported YAML version 9.9/] },
  ];
  for (const row of table) {
    it(row.name, () => {
      const config = read(row.yaml);
      assert.deepEqual(config.rules, row.rules ?? {});
      // Key order matters for a rule with several codes (the rule id comes after its codes).
      assert.deepEqual(Object.keys(config.rules), Object.keys(row.rules ?? {}));
      assert.deepEqual(config.options, row.options ?? {});
      for (const [key, value] of Object.entries(row.cli ?? {})) assert.deepEqual(config[key as keyof HadolintConfig], value, key);
      if (!row.cli?.failureThreshold) assert.equal(config.failureThreshold, undefined);
      assert.equal(config.warnings.length, row.warnings?.length ?? 0, config.warnings.join('\n'));
      row.warnings?.forEach((pattern, i) => assert.match(config.warnings[i], pattern));
    });
  }

  it('summarizes what was read for the log', () => {
    const config = read('ignored: [DL3008, SC2086, DL3005]\noverride:\n  error: [DL3001]\ntrustedRegistries: [docker.io, ghcr.io]\nfailure-threshold: warning\nfoo: 1\n');
    assert.equal(
      describeHadolintConfig('/p/.hadolint.yaml', config),
      'using .hadolint.yaml at /p/.hadolint.yaml (no .dockerfile-optimizer.json): ignored 2 rules (DL3008, SC2086), 1 severity override (DL3001), ' +
        'trustedRegistries: 2 registries for allowed-registries (DL3026), failure-threshold warning (CLI only), 2 warnings',
    );
  });
});

describe('hadolint config: broken input', () => {
  const broken: [string, RegExp][] = [
    ['ignored: [DL3008\n', /not valid YAML \(.*at line \d+, column \d+\)$/],
    ['ignored:\n  - DL3008\n - DL3009\n', /not valid YAML/],
    ['ignored: [a]\nignored: [b]\n', /not valid YAML.*[Uu]nique|not valid YAML.*duplicate/i],
    ['- DL3008\n', /expected a mapping/],
    ['just text\n', /expected a mapping/],
    ['ignored: DL3008\n', /"ignored" must be a list of rule codes/],
    ['ignored: [[DL3008]]\n', /"ignored" must be a list/],
    ['override: [DL3008]\n', /"override" must map error, warning, info or style/],
    ['override:\n  error: DL3008\n', /"override.error" must be a list/],
    ['trustedRegistries: {a: b}\n', /"trustedRegistries" must be a registry name or a list/],
    ['trustedRegistries: [1]\n', /"trustedRegistries"/],
    ['label-schema: [maintainer]\n', /"label-schema" must map label names to a type/],
    ['label-schema:\n  maintainer: mail\n', /label "maintainer" has type "mail"/],
    ['strict-labels: yes\n', /"strict-labels" must be true or false/],
    ['disable-ignore-pragma: 1\n', /"disable-ignore-pragma" must be true or false/],
    ['failure-threshold: warnings\n', /"failure-threshold" is "warnings"; use error, warning, info, style, ignore or none/],
    ['no-fail: "true"\n', /"no-fail" must be true or false/],
    ['format: [json]\n', /"format" must be the name/],
  ];
  for (const [yaml, message] of broken) {
    it(`${JSON.stringify(yaml)}: ${message.source}`, () => {
      assert.throws(() => read(yaml), (error: Error) => error instanceof ConfigError && message.test(error.message) && error.message.startsWith('.hadolint.yaml: '));
    });
  }

  it('never throws anything but a ConfigError', () => {
    const garbage = ['\t\t:', '{', '}', ': :', '&a [*a]', '!!binary x', '? [a]\n: b', '%YAML 9.9\n---\na: 1', 'a: *nothing', '\u0000\u0001', 'ignored: !!map {}', '---\n---\n', 'x'.repeat(5000) + ':'];
    for (const text of garbage) {
      try {
        read(text);
      } catch (error) {
        assert.ok(error instanceof ConfigError, `${JSON.stringify(text)}: ${(error as Error)?.stack}`);
      }
    }
  });
});

describe('hadolint config: effect on findings', () => {
  const apt = 'FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n';
  const ours = (list: string[], id: string) => list.filter((f) => f.startsWith(`${id}:`));

  it('ignored and override change findings of single-code rules; style shows as hint', () => {
    assert.deepEqual(ours(findings('', apt), 'apt-no-recommends'), ['apt-no-recommends:warning']);
    assert.deepEqual(ours(findings('ignored: [DL3015]', apt), 'apt-no-recommends'), []);
    assert.deepEqual(ours(findings('override: {error: [DL3015]}', apt), 'apt-no-recommends'), ['apt-no-recommends:error']);
    assert.deepEqual(ours(findings('override: {style: [DL3015]}', apt), 'apt-no-recommends'), ['apt-no-recommends:hint']);
  });

  it('an override turns on a rule that is off by default (version pinning)', () => {
    assert.deepEqual(ours(findings('', apt), 'apt-pin'), []);
    assert.deepEqual(ours(findings('override: {warning: [DL3008]}', apt), 'apt-pin'), ['apt-pin:warning']);
  });

  it('one code of a rule with several touches only its own findings', () => {
    const twice = 'FROM alpine:3.20\nCMD ["a"]\nCMD ["b"]\nHEALTHCHECK CMD true\nHEALTHCHECK CMD false\n';
    const messages = (yaml: string) => {
      const config = read(yaml);
      return analyze(twice, { rules: allRules, settings: [config.rules], ruleOptions: config.options })
        .findings.filter((f) => f.ruleId === 'multiple-instructions')
        .map((f) => `${f.aliases[0]}:${f.severity}`);
    };
    assert.deepEqual(messages(''), ['DL4003:warning', 'DL3012:warning']);
    assert.deepEqual(messages('ignored: [DL4003]'), ['DL3012:warning']);
    assert.deepEqual(messages('override: {error: [DL4003]}'), ['DL4003:error', 'DL3012:warning']);
    assert.deepEqual(messages('ignored: [DL3012, DL4003, DL4004]'), []);
    // The editor's settings, a later layer, still decide for the whole rule.
    const config = read('override: {error: [DL4003]}');
    const withEditor = analyze(twice, { rules: allRules, settings: [config.rules, { 'multiple-instructions': 'info' }] }).findings.filter((f) => f.ruleId === 'multiple-instructions');
    assert.deepEqual(withEditor.map((f) => f.severity), ['info', 'info']);
  });

  it('trustedRegistries feeds allowed-registries (DL3026)', () => {
    const text = 'FROM quay.io/acme/app:1.0\nFROM docker.io/library/alpine:3.20\n';
    assert.deepEqual(ours(findings('', text), 'allowed-registries'), []);
    assert.deepEqual(ours(findings('trustedRegistries: docker.io', text), 'allowed-registries'), ['allowed-registries:error']);
  });

  it('label-schema and strict-labels feed the label rules', () => {
    const text = 'FROM alpine:3.20\nLABEL maintainer="not an email" extra=1\n';
    const found = findings('label-schema: {maintainer: email}\nstrict-labels: true\n', text);
    assert.deepEqual(ours(found, 'label-email'), ['label-email:warning']);
    assert.deepEqual(ours(found, 'label-superfluous'), ['label-superfluous:info']);
    assert.deepEqual(ours(findings('label-schema: {maintainer: email}\n', text), 'label-superfluous'), []);
  });

  it('disable-ignore-pragma: no comment silences a finding', () => {
    const pragmas = [
      '# hadolint ignore=DL3015\n',
      '# dockerfile-optimizer ignore=apt-no-recommends\n',
      '# hadolint global ignore=DL3015\n',
    ];
    for (const pragma of pragmas) {
      const text = `FROM debian:12\n${pragma}RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n`;
      assert.deepEqual(ours(findings('', text), 'apt-no-recommends'), [], pragma);
      assert.deepEqual(ours(findings('disable-ignore-pragma: true', text), 'apt-no-recommends'), ['apt-no-recommends:warning'], pragma);
    }
    const skipped = '# check=skip=JSONArgsRecommended\nFROM alpine:3.20\nCMD echo hi\n';
    assert.deepEqual(ours(findings('', skipped), 'shell-form-cmd'), []);
    assert.deepEqual(ours(findings('disable-ignore-pragma: true', skipped), 'shell-form-cmd'), ['shell-form-cmd:warning']);
    // `experimental=` turns a check on; that still works.
    const experimental = '# check=experimental=InvalidDefinitionDescription\nFROM alpine:3.20\n# a comment\nARG foo=bar\n';
    assert.deepEqual(ours(findings('disable-ignore-pragma: true', experimental), 'definition-description'), ['definition-description:info']);
  });

  it('SC codes decide for the ShellCheck findings of that code only', async () => {
    // A stand-in for the ShellCheck rule (no shellcheck program needed): one finding per code.
    const meta: RuleMeta = { id: 'shellcheck', category: 'correctness', severity: 'warning', description: '', docs: '', fixable: false, aliases: [] };
    const probe: AsyncRule = {
      meta,
      unavailable: () => null,
      async check({ model, report }) {
        const run = model.instructions.find((instruction) => instruction.keyword === 'RUN')!;
        for (const [code, severity] of [['SC2086', 'info'], ['SC2046', 'warning'], ['SC2164', 'warning']] as const) {
          report({ range: run.range, message: code, aliases: [code], severity });
        }
      },
    };
    const run = async (yaml: string) => {
      const config = read(yaml);
      const found = await analyzeModelAsync(new DockerfileModel('FROM alpine:3.20\nRUN echo $x\n'), { asyncRules: [probe], settings: [config.rules], ruleOptions: config.options });
      return found.map((f) => `${f.message}:${f.severity}`);
    };
    assert.deepEqual(await run(''), ['SC2086:info', 'SC2046:warning', 'SC2164:warning']);
    assert.deepEqual(await run('ignored: [SC2086]\noverride: {error: [SC2046]}'), ['SC2046:error', 'SC2164:warning']);
  });
});

describe('FindingLevels', () => {
  const meta: RuleMeta = { id: 'multi', category: 'correctness', severity: 'warning', description: '', docs: '', fixable: false, aliases: ['DL1', 'DL2'] };
  it('a key naming the finding\'s own code beats the rule id in its layer; later layers win', () => {
    assert.equal(new FindingLevels([{ DL1: 'off', multi: 'warning' }]).level(meta, ['DL1'], 'warning'), 'off');
    assert.equal(new FindingLevels([{ multi: 'error', DL1: 'info' }]).level(meta, ['DL1'], 'info'), 'info');
    assert.equal(new FindingLevels([{ DL1: 'error' }, { multi: 'hint' }]).level(meta, ['DL1'], 'hint'), 'hint');
    assert.equal(new FindingLevels([{ dl1: 'error' }]).level(meta, ['DL1'], 'warning'), 'error', 'case does not matter');
  });
  it('a finding no layer names by code keeps its rule\'s level', () => {
    assert.equal(new FindingLevels([{ DL1: 'off', multi: 'warning' }]).level(meta, ['DL2'], 'warning'), 'warning');
    assert.equal(new FindingLevels([{ multi: 'error' }]).level(meta, ['DL1'], 'hint'), 'hint');
    assert.equal(new FindingLevels([]).level(meta, ['DL1'], 'info'), 'info');
  });
});

describe('hadolint config: where it is looked for', () => {
  const root = mkdtempSync(join(tmpdir(), 'hadolint-config-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('the nearest .dockerfile-optimizer.json upwards wins over any .hadolint.yaml; else the nearest hadolint file', () => {
    const project = join(root, 'project');
    const service = join(project, 'services', 'api');
    mkdirSync(service, { recursive: true });
    assert.equal(findApplicableConfigFile(service), null);
    writeFileSync(join(project, '.hadolint.yml'), 'ignored: [DL3008]\n');
    assert.equal(findApplicableConfigFile(service), join(project, '.hadolint.yml'));
    writeFileSync(join(project, '.hadolint.yaml'), 'ignored: [DL3009]\n');
    assert.equal(findApplicableConfigFile(service), join(project, '.hadolint.yaml'), '.yaml before .yml, as hadolint');
    writeFileSync(join(service, '.hadolint.yaml'), 'ignored: [DL3010]\n');
    assert.equal(findApplicableConfigFile(service), join(service, '.hadolint.yaml'), 'the nearest');
    writeFileSync(join(project, '.dockerfile-optimizer.json'), '{}');
    assert.equal(findApplicableConfigFile(service), join(project, '.dockerfile-optimizer.json'), 'ours, even further up');
    assert.deepEqual(loadAnyConfig(join(service, '.hadolint.yaml'), everyRule).rules, { DL3010: 'off' });
    assert.deepEqual(loadAnyConfig(join(project, '.dockerfile-optimizer.json'), everyRule).rules, {});
  });

  it("the user's file: $XDG_CONFIG_HOME/hadolint.yaml, else ~/.config/hadolint.yaml", () => {
    const home = join(root, 'home');
    const xdg = join(root, 'xdg');
    mkdirSync(join(home, '.config'), { recursive: true });
    mkdirSync(xdg);
    assert.equal(findUserHadolintConfigFile({ HOME: home }), null);
    writeFileSync(join(home, '.config', 'hadolint.yml'), 'ignored: [DL3008]\n');
    assert.equal(findUserHadolintConfigFile({ HOME: home }), join(home, '.config', 'hadolint.yml'));
    assert.equal(findUserHadolintConfigFile({ HOME: home, XDG_CONFIG_HOME: xdg }), null, 'XDG_CONFIG_HOME replaces ~/.config');
    writeFileSync(join(xdg, 'hadolint.yaml'), 'ignored: [DL3009]\n');
    assert.equal(findUserHadolintConfigFile({ HOME: home, XDG_CONFIG_HOME: xdg }), join(xdg, 'hadolint.yaml'));
    assert.equal(findUserHadolintConfigFile({}), null);
  });

  it("the language server's lookup: logs each hadolint file once with its warnings; broken YAML is an error, not a crash", () => {
    const project = join(root, 'lsp');
    mkdirSync(join(project, 'a'), { recursive: true });
    mkdirSync(join(project, 'b'));
    const file = join(project, '.hadolint.yaml');
    writeFileSync(file, 'ignored: [DL3008, DL3005]\nfailure-threshold: warning\n');
    const log: string[] = [];
    const configs = new ConfigFiles((line) => log.push(line));
    const a = configs.lookup(join(project, 'a'));
    configs.lookup(join(project, 'b'));
    assert.deepEqual(a, { path: file, settings: { DL3008: 'off' }, options: {} });
    assert.deepEqual(log, [
      `using .hadolint.yaml at ${file} (no .dockerfile-optimizer.json): ignored 1 rule (DL3008), failure-threshold warning (CLI only), 1 warning`,
      `${file}: DL3005: no rule here has this code; skipped`,
    ]);

    writeFileSync(file, 'ignored: [DL3008\n');
    assert.equal(configs.lookup(join(project, 'a')).settings?.DL3008, 'off', 'cached until the watcher says it changed');
    configs.clear();
    const brokenLookup = configs.lookup(join(project, 'a'));
    assert.equal(brokenLookup.path, file);
    assert.equal(brokenLookup.settings, undefined);
    assert.match(brokenLookup.error ?? '', /\.hadolint\.yaml: not valid YAML/);
    assert.equal(log.length, 2, 'a broken file is reported as a config error (diagnostic and log), not announced');
  });
});
