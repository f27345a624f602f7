// A tool for working on one rule's speed (not part of npm run bench): CPU ms per rule over a
// corpus folder, each rule alone on fresh models whose RUNs are already parsed, skipped where its
// `requires` does not hold; medians of 4 rounds. It runs the sources through tsx, which costs
// our code about a quarter more than the shipped bundle: compare rules with each other.
//   node --import tsx bench/rule-costs.ts [folder, default ../shared/corpus/real] [rule ids...]
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerfileModel } from '../server/src/analysis/model';
import { emptyEnv } from '../server/src/analysis/env';
import { allRules } from '../server/src/rules/index';
import { mayReport } from '../server/src/analysis/engine';
const dir = process.argv[2] || join(__dirname, '..', '..', 'shared', 'corpus', 'real');
const texts = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
const fresh = () => texts.map((t) => { const m = new DockerfileModel(t); for (const r of m.runInstructions()) m.run(r); return m; });
const only = process.argv.slice(3);
const chosen = allRules.filter((rule) => only.length === 0 || only.includes(rule.meta.id));
const cost = new Map<string, number[]>();
let findings = new Map<string, number>();
for (let round = 0; round < 5; round++) {
  const models = fresh();
  for (const rule of chosen) {
    const c0 = process.cpuUsage();
    let n = 0;
    for (const model of models) if (mayReport(rule, model)) rule.check({ model, env: emptyEnv, options: {}, report: () => { n++; } } as any);
    const c = process.cpuUsage(c0);
    if (round > 0) { const a = cost.get(rule.meta.id) ?? []; a.push((c.user + c.system) / 1000); cost.set(rule.meta.id, a); }
    findings.set(rule.meta.id, n);
  }
}
const med = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1];
const rows = [...cost].filter(([id]) => only.length === 0 || only.includes(id)).map(([id, v]) => [id, med(v)] as const).sort((a, b) => b[1] - a[1]);
let sum = 0; for (const [, v] of rows) sum += v;
console.log('sum', sum.toFixed(0));
for (const [id, v] of rows) console.log(v.toFixed(1).padStart(7), id, findings.get(id));
