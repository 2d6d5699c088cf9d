// A Salesforce DX project written by `playbook crm export salesforce`, read by Salesforce's own
// metadata library (@salesforce/source-deploy-retrieve, pinned in package-lock.json), offline.
//
//   node tests/crm/check_sfdx.mjs PROJECT_DIR OUTPUT_DIR
//
// Resolves every file of PROJECT_DIR to its metadata type, reads package.xml as a manifest against
// the source, checks each file's root element and namespace, checks its elements against the metadata
// types Salesforce generates from its Metadata API WSDL (@salesforce/types, which SDR depends on:
// known elements, in the schema's order, required ones present, booleans, numbers and enumerations
// valid), and converts the source to metadata-API format into OUTPUT_DIR. Prints one JSON summary on stdout; exits 1 when anything is wrong, with
// the problems in the summary. Every network connection is refused before the library is loaded: no
// org is contacted, no authentication is read.

import { createRequire } from 'node:module';
import dns from 'node:dns';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

function offline() {
  throw new Error('check_sfdx: no network: this check never contacts an org');
}
net.Socket.prototype.connect = offline;
dns.lookup = offline;
dns.promises.lookup = offline;
globalThis.fetch = offline;

const NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';
const [projectDir, outputDir] = process.argv.slice(2).map((p) => p && path.resolve(p));
if (!projectDir || !outputDir) {
  console.error('usage: node check_sfdx.mjs PROJECT_DIR OUTPUT_DIR');
  process.exit(2);
}

const require = createRequire(import.meta.url);
const { ComponentSet, MetadataConverter } = require('@salesforce/source-deploy-retrieve');
// The project file is read by the library SDR itself reads it with, and checked against its schema.
const fromSdr = createRequire(require.resolve('@salesforce/source-deploy-retrieve'));
const { SfProject } = fromSdr('@salesforce/core');
const { XMLParser } = fromSdr('fast-xml-parser');

const problems = [];
// @salesforce/core reports a project file that breaks its schema as a warning: here it is a problem.
process.on('warning', (w) => problems.push(`sfdx-project.json: ${w.message.split('\n').join(' ')}`));
const relative = (p) => path.relative(projectDir, p).split(path.sep).join('/');

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

// The Metadata API's types, as Salesforce's generated typings declare them: `export type X = Base & {
// field?: Type[]; … };` (fields in the WSDL's sequence order) and `export type E = 'A' | 'B';`.
function metadataTypes() {
  const text = fs.readFileSync(fromSdr.resolve('@salesforce/types/metadata').replace(/\.js$/, '.d.ts'), 'utf8');
  const types = new Map();
  for (const m of text.matchAll(/^export type (\w+) = ((?:\w+ & )*)\{\n([\s\S]*?)\n\};$/gm)) {
    const fields = [...m[3].matchAll(/^ {4}(\w+)(\??): (\w+)(\[\])?;$/gm)].map((f) => ({
      name: f[1], optional: f[2] === '?' || Boolean(f[4]), type: f[3], array: Boolean(f[4]),
    }));
    types.set(m[1], { bases: m[2].split(' & ').filter(Boolean), fields });
  }
  for (const m of text.matchAll(/^export type (\w+) = ('[^;]*');$/gm)) {
    types.set(m[1], { values: [...m[2].matchAll(/'([^']*)'/g)].map((v) => v[1]) });
  }
  return types;
}

const TYPES = metadataTypes();
const fieldsOf = (name) => {
  const t = TYPES.get(name);
  return t ? [...t.bases.flatMap(fieldsOf), ...t.fields] : [];
};
const tagOf = (node) => Object.keys(node).find((k) => k !== ':@' && k !== '#text');
const textOf = (node) => (node[tagOf(node)] ?? []).map((c) => c['#text'] ?? '').join('');

// One element's children against its type: names, order, repetition, required fields, simple values.
function checkElement(children, typeName, where) {
  const fields = fieldsOf(typeName);
  if (!fields.length) return problems.push(`${where}: the metadata types have no ${typeName}`);
  let last = -1;
  const seen = new Set();
  const counts = new Map();
  for (const child of children.filter(tagOf)) {
    const tag = tagOf(child);
    const at = fields.findIndex((f) => f.name === tag);
    const field = fields[at];
    if (!field) {
      problems.push(`${where}: <${tag}> is not an element of ${typeName}`);
      continue;
    }
    if (at < last) problems.push(`${where}: <${tag}> comes after <${fields[last].name}>, out of the schema's order`);
    if (seen.has(tag) && !field.array) problems.push(`${where}: <${tag}> appears twice`);
    last = Math.max(last, at);
    seen.add(tag);
    const kind = TYPES.get(field.type);
    const text = textOf(child).trim();
    const count = (counts.get(tag) ?? 0) + 1;
    counts.set(tag, count);
    const path = `${where}/${tag}${field.array ? `[${count}]` : ''}`;
    if (kind?.fields) checkElement(child[tag], field.type, path);
    else if (kind?.values && !kind.values.includes(text)) {
      problems.push(`${path}: '${text}' is not one of ${field.type}: ${kind.values.join(', ')}`);
    } else if (field.type === 'boolean' && !['true', 'false'].includes(text)) {
      problems.push(`${path}: '${text}' is not true or false`);
    } else if (field.type === 'number' && !(text !== '' && Number.isFinite(Number(text)))) {
      problems.push(`${path}: '${text}' is not a number`);
    }
  }
  for (const f of fields) if (!f.optional && !seen.has(f.name)) problems.push(`${where}: <${f.name}> is missing`);
}

function checkSchema(file, typeName) {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, parseTagValue: false, trimValues: false });
  const root = parser.parse(fs.readFileSync(file, 'utf8')).find((n) => tagOf(n) && !tagOf(n).startsWith('?'));
  if (root && tagOf(root) === typeName) checkElement(root[typeName], typeName, `${relative(file)}: ${typeName}`);
}

async function main() {
  const project = await SfProject.resolve(projectDir);
  await project.getSfProjectJson().schemaValidate();
  const config = await project.resolveProjectConfig();
  const packageDirs = project.getPackageDirectories().map((d) => relative(d.fullPath).replace(/\/$/, ''));

  // Every file of the package directories, resolved to a type by the library's registry.
  const source = ComponentSet.fromSource(packageDirs.map((d) => path.join(projectDir, d)));
  source.sourceApiVersion = config.sourceApiVersion;
  const components = source.getSourceComponents().toArray().map((c) => {
    const parsed = c.parseXmlSync();
    const roots = Object.keys(parsed).filter((k) => !k.startsWith('?'));
    const root = roots.length === 1 ? roots[0] : null;
    const xmlns = root ? parsed[root]['@_xmlns'] : undefined;
    if (root !== c.type.name) problems.push(`${relative(c.xml)}: root element ${roots.join(', ') || 'none'}, expected ${c.type.name}`);
    if (xmlns !== NAMESPACE) problems.push(`${relative(c.xml)}: namespace ${xmlns ?? 'missing'}, expected ${NAMESPACE}`);
    checkSchema(c.xml, c.type.name);
    return { type: c.type.name, fullName: c.fullName, file: relative(c.xml), root, namespace: xmlns ?? null };
  });
  const resolved = new Set(components.map((c) => c.file));
  const unresolved = packageDirs
    .flatMap((d) => filesUnder(path.join(projectDir, d)))
    .map(relative)
    .filter((f) => !resolved.has(f));
  for (const f of unresolved) problems.push(`${f}: no metadata component was resolved from this file`);

  // package.xml as a manifest: each member must resolve to a source component, and the reverse.
  const manifest = await ComponentSet.fromManifest({
    manifestPath: path.join(projectDir, 'package.xml'),
    resolveSourcePaths: packageDirs.map((d) => path.join(projectDir, d)),
  });
  const key = (c) => `${c.type.name ?? c.type}:${c.fullName}`;
  const members = [...manifest].map((c) => ({ type: c.type.name ?? c.type, fullName: c.fullName }));
  const inSource = new Set(components.map(key));
  const inManifest = new Set(members.map(key));
  for (const m of inManifest) if (!inSource.has(m)) problems.push(`package.xml: ${m} has no source file`);
  for (const s of inSource) if (!inManifest.has(s)) problems.push(`package.xml: ${s} is not listed`);
  const manifestFiles = manifest.getSourceComponents().toArray().map((c) => relative(c.xml));

  // Source format → metadata-API format, written to outputDir (what a deploy would zip and send).
  const result = await new MetadataConverter().convert(source, 'metadata', {
    type: 'directory',
    outputDirectory: outputDir,
    genUniqueDir: false,
  });
  const converted = (result.converted ?? []).map((c) => ({
    type: c.type.name,
    fullName: c.fullName,
    file: path.relative(outputDir, c.xml).split(path.sep).join('/'),
  }));
  if (converted.length !== components.length) {
    problems.push(`conversion wrote ${converted.length} components of ${components.length}`);
  }
  const outputFiles = filesUnder(outputDir).map((f) => path.relative(outputDir, f).split(path.sep).join('/')).sort();

  return {
    ok: problems.length === 0,
    problems,
    sourceApiVersion: config.sourceApiVersion,
    packageDirectories: packageDirs,
    components,
    manifest: { version: manifest.sourceApiVersion ?? null, members, files: manifestFiles },
    conversion: { packagePath: result.packagePath, converted, files: outputFiles },
  };
}

main().then(
  (summary) => {
    process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
    process.exit(summary.ok ? 0 : 1);
  },
  (error) => {
    problems.push(`${error.name}: ${error.message}`);
    process.stdout.write(JSON.stringify({ ok: false, problems }, null, 2) + '\n');
    process.exit(1);
  },
);
