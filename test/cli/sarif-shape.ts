// The requirements of the SARIF 2.1.0 schema (and of GitHub code scanning's reading of it) that
// our output touches: required members, enumerations, index links, one-based regions,
// relative URIs, and no members the schema does not allow on the objects we write
// (most SARIF objects have `additionalProperties: false`).
import assert from 'node:assert/strict';

const LEVELS = ['none', 'note', 'warning', 'error'];

const ALLOWED: Record<string, string[]> = {
  log: ['$schema', 'version', 'runs', 'inlineExternalProperties', 'properties'],
  run: ['tool', 'invocations', 'conversion', 'language', 'versionControlProvenance', 'originalUriBaseIds', 'artifacts', 'logicalLocations', 'graphs', 'results', 'automationDetails', 'runAggregates', 'baselineGuid', 'redactionTokens', 'defaultEncoding', 'defaultSourceLanguage', 'newlineSequences', 'columnKind', 'externalPropertyFileReferences', 'threadFlowLocations', 'taxonomies', 'addresses', 'translations', 'policies', 'webRequests', 'webResponses', 'specialLocations', 'properties'],
  tool: ['driver', 'extensions', 'properties'],
  toolComponent: ['guid', 'name', 'organization', 'product', 'productSuite', 'shortDescription', 'fullDescription', 'fullName', 'version', 'semanticVersion', 'dottedQuadFileVersion', 'releaseDateUtc', 'downloadUri', 'informationUri', 'globalMessageStrings', 'notifications', 'rules', 'taxa', 'locations', 'language', 'contents', 'isComprehensive', 'localizedDataSemanticVersion', 'minimumRequiredLocalizedDataSemanticVersion', 'associatedComponent', 'translationMetadata', 'supportedTaxonomies', 'properties'],
  reportingDescriptor: ['id', 'deprecatedIds', 'guid', 'deprecatedGuids', 'name', 'deprecatedNames', 'shortDescription', 'fullDescription', 'messageStrings', 'defaultConfiguration', 'helpUri', 'help', 'relationships', 'properties'],
  reportingConfiguration: ['enabled', 'level', 'rank', 'parameters', 'properties'],
  multiformatMessageString: ['text', 'markdown', 'properties'],
  message: ['text', 'markdown', 'id', 'arguments', 'properties'],
  result: ['ruleId', 'ruleIndex', 'rule', 'kind', 'level', 'message', 'analysisTarget', 'locations', 'guid', 'correlationGuid', 'occurrenceCount', 'partialFingerprints', 'fingerprints', 'stacks', 'codeFlows', 'graphs', 'graphTraversals', 'relatedLocations', 'suppressions', 'baselineState', 'rank', 'attachments', 'hostedViewerUri', 'workItemUris', 'provenance', 'fixes', 'taxa', 'webRequest', 'webResponse', 'properties'],
  location: ['id', 'physicalLocation', 'logicalLocations', 'message', 'annotations', 'relationships', 'properties'],
  physicalLocation: ['address', 'artifactLocation', 'region', 'contextRegion', 'properties'],
  artifactLocation: ['uri', 'uriBaseId', 'index', 'description', 'properties'],
  region: ['startLine', 'startColumn', 'endLine', 'endColumn', 'charOffset', 'charLength', 'byteOffset', 'byteLength', 'snippet', 'message', 'sourceLanguage', 'properties'],
  invocation: ['commandLine', 'arguments', 'responseFiles', 'startTimeUtc', 'endTimeUtc', 'exitCode', 'ruleConfigurationOverrides', 'notificationConfigurationOverrides', 'toolExecutionNotifications', 'toolConfigurationNotifications', 'exitCodeDescription', 'exitSignalName', 'exitSignalNumber', 'processStartFailureMessage', 'executionSuccessful', 'machine', 'account', 'processId', 'executableLocation', 'workingDirectory', 'environmentVariables', 'stdin', 'stdout', 'stderr', 'stdoutStderr', 'properties'],
  notification: ['locations', 'message', 'level', 'threadId', 'timeUtc', 'exception', 'descriptor', 'associatedRule', 'properties'],
};

type Json = Record<string, unknown>;

function object(value: unknown, kind: string, where: string): Json {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${where}: ${kind} must be an object`);
  const allowed = ALLOWED[kind];
  if (allowed) {
    for (const key of Object.keys(value)) assert.ok(allowed.includes(key), `${where}: '${key}' is not a member of ${kind}`);
  }
  return value as Json;
}

function text(value: unknown, where: string): string {
  assert.equal(typeof value, 'string', `${where} must be a string`);
  assert.ok((value as string).length > 0, `${where} must not be empty`);
  return value as string;
}

function positiveInt(value: unknown, where: string): number {
  assert.ok(Number.isInteger(value) && (value as number) >= 1, `${where} must be an integer >= 1 (got ${JSON.stringify(value)})`);
  return value as number;
}

function messageString(value: unknown, kind: string, where: string): void {
  const message = object(value, kind, where);
  text(message.text, `${where}.text`);
  if ('markdown' in message) text(message.markdown, `${where}.markdown`);
}

function artifactLocation(value: unknown, baseIds: Json, where: string): void {
  const location = object(value, 'artifactLocation', where);
  const uri = text(location.uri, `${where}.uri`);
  assert.ok(!uri.includes('\\'), `${where}.uri must use '/' (got ${uri})`);
  assert.doesNotThrow(() => new URL(uri, 'file:///base/'), `${where}.uri must be a URI reference`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) {
    assert.ok(!('uriBaseId' in location), `${where}: an absolute uri takes no uriBaseId`);
  } else {
    assert.ok(!uri.startsWith('/') && !uri.split('/').includes('..'), `${where}.uri must be relative to the base (got ${uri})`);
    if ('uriBaseId' in location) assert.ok((location.uriBaseId as string) in baseIds, `${where}.uriBaseId must be declared in originalUriBaseIds`);
  }
}

function region(value: unknown, where: string): void {
  const r = object(value, 'region', where);
  const startLine = positiveInt(r.startLine, `${where}.startLine`);
  const startColumn = 'startColumn' in r ? positiveInt(r.startColumn, `${where}.startColumn`) : 1;
  if ('endLine' in r) assert.ok(positiveInt(r.endLine, `${where}.endLine`) >= startLine, `${where}.endLine < startLine`);
  if ('endColumn' in r) {
    const endColumn = positiveInt(r.endColumn, `${where}.endColumn`);
    if ((r.endLine ?? startLine) === startLine) assert.ok(endColumn >= startColumn, `${where}.endColumn < startColumn`);
  }
}

function physicalLocation(value: unknown, baseIds: Json, where: string): void {
  const location = object(value, 'physicalLocation', where);
  artifactLocation(location.artifactLocation, baseIds, `${where}.artifactLocation`);
  if ('region' in location) region(location.region, `${where}.region`);
}

export function assertValidSarif(log: unknown): void {
  const root = object(log, 'log', 'log');
  assert.equal(root.version, '2.1.0');
  assert.match(text(root.$schema, '$schema'), /^https:\/\/.*sarif.*2\.1\.0.*\.json$/);
  assert.ok(Array.isArray(root.runs), 'runs must be an array');
  (root.runs as unknown[]).forEach((runValue, r) => {
    const run = object(runValue, 'run', `runs[${r}]`);
    const tool = object(run.tool, 'tool', `runs[${r}].tool`);
    const driver = object(tool.driver, 'toolComponent', `runs[${r}].tool.driver`);
    text(driver.name, 'driver.name');
    const rules = (driver.rules ?? []) as unknown[];
    assert.ok(Array.isArray(rules), 'driver.rules must be an array');
    const ids = new Set<string>();
    rules.forEach((ruleValue, i) => {
      const where = `driver.rules[${i}]`;
      const rule = object(ruleValue, 'reportingDescriptor', where);
      const id = text(rule.id, `${where}.id`);
      assert.ok(!ids.has(id), `${where}: duplicate rule id ${id}`);
      ids.add(id);
      messageString(rule.shortDescription, 'multiformatMessageString', `${where}.shortDescription`);
      assert.ok(((rule.shortDescription as Json).text as string).length <= 1024, `${where}.shortDescription is too long for GitHub`);
      messageString(rule.fullDescription, 'multiformatMessageString', `${where}.fullDescription`);
      messageString(rule.help, 'multiformatMessageString', `${where}.help`);
      const config = object(rule.defaultConfiguration, 'reportingConfiguration', `${where}.defaultConfiguration`);
      assert.ok(LEVELS.includes(config.level as string), `${where}.defaultConfiguration.level`);
      if ('helpUri' in rule) assert.doesNotThrow(() => new URL(rule.helpUri as string), `${where}.helpUri must be an absolute URI`);
      const tags = (rule.properties as Json | undefined)?.tags;
      if (tags !== undefined) {
        assert.ok(Array.isArray(tags) && tags.every((t) => typeof t === 'string'), `${where}.properties.tags must be strings`);
        assert.equal(new Set(tags).size, tags.length, `${where}.properties.tags must be unique`);
      }
    });
    const baseIds = (run.originalUriBaseIds ?? {}) as Json;
    for (const [name, base] of Object.entries(baseIds)) {
      const uri = text((base as Json).uri, `originalUriBaseIds.${name}.uri`);
      assert.ok(uri.endsWith('/') && new URL(uri).protocol === 'file:', `originalUriBaseIds.${name} must be an absolute folder URI`);
    }
    if ('columnKind' in run) assert.ok(['utf16CodeUnits', 'unicodeCodePoints'].includes(run.columnKind as string), 'columnKind');
    ((run.invocations ?? []) as unknown[]).forEach((value, i) => {
      const invocation = object(value, 'invocation', `invocations[${i}]`);
      assert.equal(typeof invocation.executionSuccessful, 'boolean', 'invocation.executionSuccessful is required');
      ((invocation.toolExecutionNotifications ?? []) as unknown[]).forEach((n, j) => {
        const notification = object(n, 'notification', `notifications[${j}]`);
        messageString(notification.message, 'message', `notifications[${j}].message`);
        if ('level' in notification) assert.ok(LEVELS.includes(notification.level as string));
      });
    });
    assert.ok(Array.isArray(run.results), 'run.results must be an array');
    (run.results as unknown[]).forEach((resultValue, i) => {
      const where = `results[${i}]`;
      const result = object(resultValue, 'result', where);
      messageString(result.message, 'message', `${where}.message`);
      const ruleId = text(result.ruleId, `${where}.ruleId`);
      if ('ruleIndex' in result) {
        assert.ok(Number.isInteger(result.ruleIndex) && (result.ruleIndex as number) >= 0, `${where}.ruleIndex`);
        assert.equal((rules[result.ruleIndex as number] as Json | undefined)?.id, ruleId, `${where}.ruleIndex must point at rule ${ruleId}`);
      }
      assert.ok(LEVELS.includes(result.level as string), `${where}.level`);
      assert.ok(Array.isArray(result.locations) && result.locations.length >= 1 && result.locations.length <= 10, `${where}.locations: 1 to 10`);
      (result.locations as unknown[]).forEach((l, j) => {
        const location = object(l, 'location', `${where}.locations[${j}]`);
        physicalLocation(location.physicalLocation, baseIds, `${where}.locations[${j}].physicalLocation`);
      });
      const relatedIds = new Set<number>();
      ((result.relatedLocations ?? []) as unknown[]).forEach((l, j) => {
        const location = object(l, 'location', `${where}.relatedLocations[${j}]`);
        assert.ok(Number.isInteger(location.id) && !relatedIds.has(location.id as number), `${where}.relatedLocations[${j}].id must be a unique integer`);
        relatedIds.add(location.id as number);
        physicalLocation(location.physicalLocation, baseIds, `${where}.relatedLocations[${j}].physicalLocation`);
        if ('message' in location) messageString(location.message, 'message', `${where}.relatedLocations[${j}].message`);
      });
    });
  });
}
