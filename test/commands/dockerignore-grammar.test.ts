// The .dockerignore TextMate grammar: its rules read lines as Docker does (a comment only with
// `#` first, `!` exceptions, `**`, `*`, `?`, classes, escapes), and the manifest contributes it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');
const grammar = JSON.parse(readFileSync(join(root, 'syntaxes/dockerignore.tmLanguage.json'), 'utf8'));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const repo = grammar.repository;

/** Scopes the glob rules give to a pattern's text, left to right (the grammar's own regexes). */
function globTokens(text: string): [string, string][] {
  const rules = repo.glob.patterns.map((rule: { match: string; name?: string }) => ({ regex: new RegExp(rule.match, 'y'), name: rule.name ?? 'meta.character-class.dockerignore' }));
  const tokens: [string, string][] = [];
  let at = 0;
  while (at < text.length) {
    const rule = rules.find((r: { regex: RegExp }) => ((r.regex.lastIndex = at), r.regex.test(text)));
    if (!rule) {
      at++;
      continue;
    }
    tokens.push([text.slice(at, rule.regex.lastIndex), rule.name.split('.').slice(0, -1).join('.')]);
    at = rule.regex.lastIndex;
  }
  return tokens;
}

describe('dockerignore grammar', () => {
  it('is contributed with the dockerignore language', () => {
    const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'dockerignore');
    assert.deepEqual(language.filenames, ['.dockerignore', '.containerignore']);
    assert.ok(language.filenamePatterns.includes('*.dockerignore'));
    const contributed = manifest.contributes.grammars.find((g: { language: string }) => g.language === 'dockerignore');
    assert.equal(contributed.scopeName, grammar.scopeName);
    assert.equal(contributed.path, './syntaxes/dockerignore.tmLanguage.json');
  });
  it('reads a comment only when # is the first character, as Docker does', () => {
    const comment = new RegExp(repo.comment.match);
    assert.ok(comment.test('# a comment'));
    assert.ok(!comment.test(' # not a comment'));
    assert.ok(new RegExp(repo.pattern.begin).test(' #not-a-comment'));
  });
  it('marks exceptions, globstars, wildcards, classes and escapes', () => {
    assert.ok(new RegExp(repo.negated.begin).test('!keep.log'));
    assert.ok(new RegExp(repo.negated.begin).test('  !keep.log'));
    assert.deepEqual(globTokens('**/node_modules'), [
      ['**', 'keyword.operator.glob.globstar'],
      ['/', 'punctuation.separator.path'],
      ['node_modules', 'string.unquoted.path'],
    ]);
    assert.deepEqual(globTokens('*.py[cod]'), [
      ['*', 'keyword.operator.glob.wildcard'],
      ['.py', 'string.unquoted.path'],
      ['[cod]', 'meta.character-class'],
    ]);
    assert.deepEqual(globTokens('a\\*b?'), [
      ['a', 'string.unquoted.path'],
      ['\\*', 'constant.character.escape'],
      ['b', 'string.unquoted.path'],
      ['?', 'keyword.operator.glob.wildcard'],
    ]);
  });
});
