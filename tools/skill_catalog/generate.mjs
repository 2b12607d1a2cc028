#!/usr/bin/env node
// Writes the skill catalog migration from skills.txt and categories.txt, taking language and
// technology names and aliases from two npm data packages unpacked beforehand (README.md
// beside this file says how). Checks everything the database and the services rely on before
// it writes a byte: ids, categories, one skill per alias, the aliases of migration 0001
// untouched, every relation pointing at a known skill, and no chain of relations that leads
// a skill back to itself.
//
//   node tools/skill_catalog/generate.mjs --linguist /tmp/skilldata/linguist/package \
//       --specfy /tmp/skilldata/specfy/package \
//       --out common/migrations/sql/0012_skill_catalog.sql
//
// 0012 created the tables; once it has shipped it must never change (a service refuses to
// start when an applied migration's text differs). Later changes to the data go into a new
// migration made with --data-only, which only inserts and updates.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..');

function fail(message) {
  console.error(`generate.mjs: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--data-only') {
      args['data-only'] = true;
      --i;
      continue;
    }
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) fail(`bad argument ${argv[i]}`);
    args[argv[i].slice(2)] = argv[i + 1];
  }
  for (const required of ['linguist', 'specfy', 'out']) {
    if (!args[required]) fail(`--${required} is required`);
  }
  return args;
}

// What NormalizeSkillKey (common/skills/skill_catalog.cc) does: lower case, trimmed, runs of
// white space folded to one space. ASCII only, like the C++ side.
function normalize(text) {
  return text.trim().split(/\s+/).join(' ').replace(/[A-Z]/g, (c) => c.toLowerCase());
}

// Lines of a `|`-separated data file, without comments and blank lines, with their numbers.
function dataLines(path) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((text, i) => ({ text: text.trim(), line: i + 1 }))
    .filter(({ text }) => text !== '' && !text.startsWith('#'))
    .map(({ text, line }) => ({ fields: text.split('|').map((f) => f.trim()), line }));
}

function list(field) {
  return field === '' ? [] : field.split(',').map((item) => item.trim()).filter((item) => item);
}

// Migration 0001's skills (id -> display name) and aliases (alias -> id), read from its SQL.
function baseCatalog() {
  const sql = readFileSync(join(repo, 'common/migrations/sql/0001_shared_reference.sql'), 'utf8');
  const skillsBlock = sql.match(/INSERT INTO shared\.skills[^;]*;/)[0];
  const skills = new Map();
  for (const [, id, display] of skillsBlock.matchAll(/\('([^']+)', '([^']+)', '[^']+'\)/g)) {
    skills.set(id, display);
  }
  const aliases = new Map();
  for (const [id, display] of skills) {
    aliases.set(id, id);
    aliases.set(display.toLowerCase(), id);
  }
  const aliasBlocks = [...sql.matchAll(/INSERT INTO shared\.skill_aliases \(alias, skill_id\) VALUES[^;]*;/g)];
  for (const block of aliasBlocks) {
    for (const [, alias, id] of block[0].matchAll(/\('([^']+)', '([^']+)'\)/g)) {
      if (!aliases.has(alias)) aliases.set(alias, id);
    }
  }
  if (skills.size !== 39) fail(`expected 39 skills in 0001, read ${skills.size}`);
  return { skills, aliases };
}

async function loadSources(args) {
  const linguist = createRequire(join(resolve(args.linguist), 'index.js'))(
    join(resolve(args.linguist), 'index.js'),
  );
  const techs = await import(
    pathToFileURL(join(resolve(args.specfy), 'dist/common/techs.generated.js')).href
  );
  const specfy = new Map(techs.listTech.map((tech) => [tech.key, tech]));
  return { linguist, specfy };
}

// One skill's rows on as few lines as fit in 100 columns, so that the file reads skill by skill.
function wrap(rows) {
  const lines = [];
  let line = ' ';
  for (const row of rows) {
    if (line.length > 1 && line.length + row.length + 2 > 100) {
      lines.push(line + ',');
      line = ' ';
    }
    line += (line.length > 1 ? ', ' : ' ') + row;
  }
  lines.push(line);
  return lines.join('\n');
}

function sqlString(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { linguist, specfy } = await loadSources(args);
  const base = baseCatalog();

  const categories = dataLines(join(here, 'categories.txt')).map(({ fields, line }) => {
    if (fields.length !== 3) fail(`categories.txt:${line}: expected 3 fields`);
    const [id, display, description] = fields;
    if (!/^[a-z][a-z-]*$/.test(id)) fail(`categories.txt:${line}: bad id ${id}`);
    return { id, display, description };
  });
  const categoryIds = new Set(categories.map((c) => c.id));

  const skills = [];
  const skillById = new Map();
  const aliasOwner = new Map(); // alias -> { id, line }
  for (const { fields, line } of dataLines(join(here, 'skills.txt'))) {
    const where = `skills.txt:${line}`;
    if (fields.length !== 6) fail(`${where}: expected 6 fields, found ${fields.length}`);
    const [id, category, source, displayField, aliasField, impliesField] = fields;
    if (!/^[a-z0-9][a-z0-9.+#-]{0,39}$/.test(id)) fail(`${where}: bad id ${id}`);
    if (skillById.has(id)) fail(`${where}: ${id} is listed twice`);
    if (!categoryIds.has(category)) fail(`${where}: unknown category ${category}`);

    let sourceName = null;
    const sourceAliases = [];
    if (source.startsWith('linguist:')) {
      const language = linguist[source.slice('linguist:'.length)];
      if (!language) fail(`${where}: linguist-languages has no ${source}`);
      sourceName = language.name;
      sourceAliases.push(language.name, ...(language.aliases ?? []));
    } else if (source.startsWith('specfy:')) {
      const tech = specfy.get(source.slice('specfy:'.length));
      if (!tech) fail(`${where}: @specfy/stack-analyser has no ${source}`);
      sourceName = tech.name;
      sourceAliases.push(tech.name);
    } else if (source !== 'hand') {
      fail(`${where}: source must be linguist:NAME, specfy:KEY or hand`);
    }
    const display = displayField || sourceName;
    if (!display) fail(`${where}: a hand-written skill needs a display name`);
    if (base.skills.has(id) && base.skills.get(id) !== display) {
      fail(`${where}: ${id} is named ${base.skills.get(id)} by migration 0001, not ${display}`);
    }

    const dropped = new Set();
    const ambiguous = new Set();
    const listed = [];
    for (const item of list(aliasField)) {
      if (item.startsWith('-')) {
        dropped.add(normalize(item.slice(1)));
      } else if (item.startsWith('~')) {
        ambiguous.add(normalize(item.slice(1)));
        listed.push(normalize(item.slice(1)));
      } else {
        listed.push(normalize(item));
      }
    }
    const aliases = new Set([id, normalize(display)]);
    for (const alias of sourceAliases.map(normalize)) {
      if (!dropped.has(alias)) aliases.add(alias);
    }
    for (const alias of dropped) {
      if (!sourceAliases.map(normalize).includes(alias)) {
        fail(`${where}: drops ${alias}, which ${source} does not give`);
      }
      if (alias === id || alias === normalize(display)) fail(`${where}: cannot drop ${alias}`);
    }
    for (const alias of listed) aliases.add(alias);
    // Migration 0001's spellings stay with their skills.
    for (const [alias, owner] of base.aliases) if (owner === id) aliases.add(alias);
    for (const alias of aliases) {
      if (alias === '' || alias.length > 100) fail(`${where}: bad alias '${alias}'`);
      const owner = aliasOwner.get(alias);
      if (owner) fail(`${where}: alias '${alias}' already names ${owner.id} (line ${owner.line})`);
      const baseOwner = base.aliases.get(alias);
      if (baseOwner && baseOwner !== id) {
        fail(`${where}: alias '${alias}' names ${baseOwner} since migration 0001`);
      }
      aliasOwner.set(alias, { id, line });
    }

    const implies = list(impliesField).map((item) => {
      const match = item.match(/^([a-z0-9.+#-]+):(0?\.\d{1,2}|1(\.0{1,2})?)$/);
      if (!match) fail(`${where}: bad relation ${item} (want id:weight, 0 < weight <= 1, two decimals)`);
      const weight = Number(match[2]);
      if (!(weight > 0 && weight <= 1)) fail(`${where}: weight out of range in ${item}`);
      if (match[1] === id) fail(`${where}: ${id} cannot imply itself`);
      return { id: match[1], weight };
    });
    const skill = { id, category, display, aliases: [...aliases], ambiguous, implies, line, source };
    skills.push(skill);
    skillById.set(id, skill);
  }

  for (const id of base.skills.keys()) {
    if (!skillById.has(id)) fail(`skills.txt: migration 0001's skill ${id} is missing`);
  }
  for (const skill of skills) {
    for (const { id } of skill.implies) {
      if (!skillById.has(id)) fail(`skills.txt:${skill.line}: ${skill.id} implies unknown ${id}`);
    }
  }
  // No chain of relations may lead a skill back to itself (depth-first, three colours).
  const state = new Map();
  const visit = (skill, path) => {
    if (state.get(skill.id) === 'done') return;
    if (state.get(skill.id) === 'open') fail(`relations form a cycle: ${[...path, skill.id].join(' -> ')}`);
    state.set(skill.id, 'open');
    for (const { id } of skill.implies) visit(skillById.get(id), [...path, skill.id]);
    state.set(skill.id, 'done');
  };
  for (const skill of skills) visit(skill, []);

  const relationCount = skills.reduce((n, s) => n + s.implies.length, 0);
  const aliasCount = skills.reduce((n, s) => n + s.aliases.length, 0);
  const ambiguousCount = skills.reduce((n, s) => n + s.ambiguous.size, 0);
  const bySource = (prefix) => skills.filter((s) => s.source.startsWith(prefix)).length;
  const sources =
    `${bySource('linguist:')} named by linguist-languages, ${bySource('specfy:')} by ` +
    `@specfy/stack-analyser, ${bySource('hand')} by hand`;
  const out = [];
  out.push(
    '-- GENERATED by tools/skill_catalog/generate.mjs from tools/skill_catalog/skills.txt and',
    '-- categories.txt; do not edit by hand (tools/skill_catalog/README.md says how to rerun it and',
    '-- where each part of the data comes from).',
    '--',
    `-- The skill catalog: ${skills.length} skills (migration 0001 had 39), ${aliasCount} aliases`,
    `-- (${ambiguousCount} of them ambiguous), ${categories.length} categories, ${relationCount} relations.`,
    `-- Skills ${sources}.`,
    '-- Safe on a database where CreateSkill added skills: a catalog id that exists keeps its',
    "-- display name and takes the catalog's category; an alias that names another skill there",
    '-- stays with that skill.',
    '',
  );
  if (!args['data-only']) out.push(
    '-- The fixed list of categories every catalog skill belongs to.',
    'CREATE TABLE shared.skill_categories (',
    "  id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z-]*$'),",
    '  display_name text NOT NULL,',
    '  description text NOT NULL',
    ');',
    '',
    '-- An alias that is also an ordinary English word ("go", "swift", "express", "rest"): a text',
    '-- parser takes it for the skill only when the context says so; forms and search resolve it',
    '-- as usual.',
    'ALTER TABLE shared.skill_aliases ADD COLUMN ambiguous boolean NOT NULL DEFAULT false;',
    '',
    '-- skill_id implies implies_id: whoever has Django has some Python. weight (0-1] is how much of',
    "-- a level in skill_id counts toward implies_id: 0.8 when skill_id is written in implies_id,",
    '-- 0.6 when it is built on it, 0.5 or less for looser ties. No chain leads a skill back to',
    '-- itself (checked by the generator and by tests).',
    'CREATE TABLE shared.skill_relations (',
    '  skill_id text NOT NULL REFERENCES shared.skills (id),',
    '  implies_id text NOT NULL REFERENCES shared.skills (id),',
    '  weight numeric(3, 2) NOT NULL CHECK (weight > 0 AND weight <= 1),',
    '  PRIMARY KEY (skill_id, implies_id),',
    '  CHECK (skill_id <> implies_id)',
    ');',
    'CREATE INDEX skill_relations_implies ON shared.skill_relations (implies_id);',
    '',
  );
  out.push(
    'INSERT INTO shared.skill_categories (id, display_name, description) VALUES',
    categories
      .map((c) => `  (${sqlString(c.id)}, ${sqlString(c.display)}, ${sqlString(c.description)})`)
      .join(',\n'),
    '  ON CONFLICT (id) DO UPDATE SET display_name = EXCLUDED.display_name,',
    '    description = EXCLUDED.description;',
    '',
    'INSERT INTO shared.skills (id, display_name, category) VALUES',
    skills
      .map((s) => `  (${sqlString(s.id)}, ${sqlString(s.display)}, ${sqlString(s.category)})`)
      .join(',\n'),
    '  ON CONFLICT (id) DO UPDATE SET category = EXCLUDED.category;',
    '',
    'INSERT INTO shared.skill_aliases AS existing (alias, skill_id, ambiguous) VALUES',
    skills
      .map((s) =>
        wrap([...s.aliases].sort().map((a) => `(${sqlString(a)}, ${sqlString(s.id)}, ${s.ambiguous.has(a)})`)),
      )
      .join(',\n'),
    '  ON CONFLICT (alias) DO UPDATE SET ambiguous = EXCLUDED.ambiguous',
    '    WHERE existing.skill_id = EXCLUDED.skill_id;',
    '',
    'INSERT INTO shared.skill_relations (skill_id, implies_id, weight) VALUES',
    skills
      .flatMap((s) => s.implies.map((r) => `  (${sqlString(s.id)}, ${sqlString(r.id)}, ${r.weight})`))
      .join(',\n'),
    '  ON CONFLICT (skill_id, implies_id) DO UPDATE SET weight = EXCLUDED.weight;',
    '',
  );
  writeFileSync(args.out, out.join('\n'));
  console.log(
    `wrote ${args.out}: ${skills.length} skills (${sources}), ${aliasCount} aliases ` +
      `(${ambiguousCount} ambiguous), ${categories.length} categories, ${relationCount} relations`,
  );
}

await main();
