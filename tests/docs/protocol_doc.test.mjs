// docs/protocol.md is the contract in words, proto/ the same contract as schemas: this test
// fails when the document leaves out a route of proto/openapi.yaml, a message type, frame type,
// event kind or error code of proto/ws/, or a topic of proto/topics/; and when it or README.md
// links to a path outside the repository or to a file or heading that does not exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.WOLFPACK_SOURCE_DIR || resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path) => readFileSync(join(root, path), 'utf8');
const readJson = (path) => JSON.parse(read(path)); // openapi.yaml is written in YAML's JSON form
const schemasIn = (dir) =>
  readdirSync(join(root, dir)).filter((f) => f.endsWith('.json')).sort().map((f) => [`${dir}/${f}`, readJson(`${dir}/${f}`)]);

// The values a schema allows for one property: its const or its enum.
function allowed(schema) {
  if (!schema) return [];
  if ('const' in schema) return [schema.const];
  return schema.enum || [];
}

// Everything of proto/ the document must name. `problems` collects what proto/ itself gets
// wrong for this test (a topic schema whose title does not start with the topic's name).
export function contract() {
  const problems = [];
  const routes = [];
  for (const [path, item] of Object.entries(readJson('proto/openapi.yaml').paths)) {
    // "/api/v1/teams/{team}/reps/{rep}" is written "/api/v1/teams/TEAM/reps/REP" in the document.
    const written = path.replace(/\{(\w+)\}/g, (_, name) => name.toUpperCase());
    for (const method of ['get', 'put', 'post', 'patch', 'delete'])
      if (item[method]) routes.push(`${method.toUpperCase()} ${written}`);
  }
  const clientTypes = [];
  for (const [file, schema] of schemasIn('proto/ws/client')) {
    if (file.endsWith('/envelope.json')) continue; // any message's outer shape, not a type
    clientTypes.push(...allowed(schema.properties?.type));
  }
  const serverTypes = [], eventKinds = [], errorCodes = [];
  for (const [, schema] of schemasIn('proto/ws/server')) {
    serverTypes.push(...allowed(schema.properties?.type));
    eventKinds.push(...allowed(schema.properties?.event?.properties?.kind));
    if (allowed(schema.properties?.type).includes('error')) errorCodes.push(...allowed(schema.properties?.code));
  }
  const topics = [];
  for (const [file, schema] of schemasIn('proto/topics')) {
    const name = String(schema.title || '').split(/\s/)[0];
    if (/^[a-z_]+(:[A-Za-z_]+)*$/.test(name)) topics.push(name);
    else problems.push(`${file}: its title must start with the topic's name (e.g. "pair:ID topic data")`);
  }
  const unique = (list) => [...new Set(list)];
  return { problems, routes, clientTypes: unique(clientTypes), serverTypes: unique(serverTypes),
           eventKinds: unique(eventKinds), errorCodes: unique(errorCodes), topics: unique(topics) };
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// "GET /api/v1/teams" must not count as mentioned because "GET /api/v1/teams/TEAM" is.
const routePattern = (route) => new RegExp(`${escape(route)}(?![A-Za-z0-9_/.{}-])`, 'g');
const codePattern = (name) => new RegExp('`' + escape(name) + '`', 'g');

// What of the contract the document does not mention.
export function unmentioned(doc, c) {
  const out = [];
  for (const r of c.routes) if (!routePattern(r).test(doc)) out.push(`the route ${r} (proto/openapi.yaml)`);
  const named = [
    ['client message type', c.clientTypes, 'proto/ws/client/'],
    ['server frame type', c.serverTypes, 'proto/ws/server/'],
    ['event kind', c.eventKinds, 'proto/ws/server/event.json'],
    ['error code', c.errorCodes, 'proto/ws/server/error.json'],
    ['topic', c.topics, 'proto/topics/'],
  ];
  for (const [what, names, where] of named)
    for (const n of names) if (!codePattern(n).test(doc)) out.push(`the ${what} \`${n}\` (${where})`);
  return out;
}

// GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered.
export function anchors(markdown) {
  const seen = new Map();
  const out = new Set();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(base) || 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

// Links and paths of a Markdown file (relative to the repository) that point outside it, at
// nothing, or at a heading that is not there.
export function badLinks(file, text) {
  const out = [];
  for (const m of text.matchAll(/(^|[\s(`'"])(\/work\/\S*|(?:\.\.\/)+shared\b\S*)/gm))
    out.push(`${file}: "${m[2]}" points outside the repository`);
  const targets = [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]),
    ...[...text.matchAll(/\b(?:src|href)\s*=\s*"([^"]+)"/g)].map((m) => m[1]),
  ];
  for (const target of targets) {
    if (/^(https?|mailto):/i.test(target)) continue;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
      out.push(`${file}: the link ${target} is neither a web address nor a path in the repository`);
      continue;
    }
    const [pathPart, fragment] = target.split('#');
    const path = decodeURIComponent(pathPart.split('?')[0]);
    if (isAbsolute(path)) {
      out.push(`${file}: the link ${target} is an absolute path; link relative to ${file}`);
      continue;
    }
    const resolved = path ? resolve(root, dirname(file), path) : resolve(root, file);
    const inRepo = relative(root, resolved);
    if (inRepo.startsWith('..') || isAbsolute(inRepo)) {
      out.push(`${file}: the link ${target} leaves the repository`);
      continue;
    }
    if (!existsSync(resolved)) {
      out.push(`${file}: the link ${target} names ${inRepo}, which does not exist`);
      continue;
    }
    if (fragment && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(fragment))
      out.push(`${file}: the link ${target} names a heading that ${inRepo || file} does not have`);
  }
  return out;
}

const documented = ['docs/protocol.md', 'README.md'];

test('docs/protocol.md names every route, message and frame type, event kind, error code and topic of proto/', () => {
  const c = contract();
  assert.deepEqual(c.problems, []);
  assert.ok(c.routes.length >= 20 && c.clientTypes.length >= 9 && c.topics.length >= 6, 'proto/ was read');
  assert.deepEqual(unmentioned(read('docs/protocol.md'), c), [], 'add these to docs/protocol.md');
});

test('docs/protocol.md and README.md link only inside the repository, to files and headings that exist', () => {
  for (const file of documented) assert.deepEqual(badLinks(file, read(file)), []);
  // proto/openapi.yaml points its readers at the document, by a path inside the repository.
  const openapi = readJson('proto/openapi.yaml');
  assert.equal(relative(root, resolve(root, 'proto', openapi.externalDocs.url)), 'docs/protocol.md');
  assert.match(openapi.info.description, /docs\/protocol\.md/);
  assert.deepEqual(badLinks('proto/openapi.yaml', read('proto/openapi.yaml')), []);
});

test('the checks fail when the document drops a route, a message type or a topic, or links outside', () => {
  const c = contract();
  const doc = read('docs/protocol.md');
  const missingAfter = (edited) => unmentioned(edited, c).join('\n');
  const route = c.routes.find((r) => r.startsWith('DELETE ')) || c.routes[0];
  assert.ok(missingAfter(doc.replace(routePattern(route), '')).includes(`the route ${route} `));
  const type = c.clientTypes.at(-1);
  assert.ok(missingAfter(doc.replace(codePattern(type), type)).includes(`the client message type \`${type}\``));
  const topic = c.topics[0];
  assert.ok(missingAfter(doc.replace(codePattern(topic), topic)).includes(`the topic \`${topic}\``));
  // Built from parts, so that no committed file names a path outside the repository itself.
  const shared = ['..', '..', 'shared', 'protocol.md'].join('/'), work = ['', 'work', 'shared', 'protocol.md'].join('/');
  const outside = `[the contract](${shared}), see ${work}, [x](/etc/passwd), [y](#no-such-heading), [z](../proto/no-such.json)`;
  const before = badLinks('docs/protocol.md', doc).length;
  assert.equal(badLinks('docs/protocol.md', `${doc}\n${outside}\n`).length, before + 6);
});
