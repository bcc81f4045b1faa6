/**
 * The import rule of docs/architecture.md, kept by the suite: every import of every non-test `.ts`
 * file under src/ (static `import … from`, `import '…'`, `export … from`, dynamic `import('…')`)
 * is read and checked against the layers. A failure names the file, the import and the rule.
 *
 * The imports are read by a small tokenizer rather than the TypeScript compiler (whose package
 * here has no parser API): comments, strings, template literals and regular expressions are
 * skipped, so text that only looks like an import is not one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Packages the domain may use (what it uses today): JWT signing and verification, TOTP. */
const DOMAIN_PACKAGES = ['jose', 'otpauth'];
/** Node builtins the domain may not use: it reaches files through its ports (ImportFiles). */
const isFileSystem = (builtin: string): boolean => builtin === 'fs' || builtin.startsWith('fs/');

interface SourceFile {
  /** Repository-relative, `/`-separated: `src/domain/auth/sign-in.ts`. */
  path: string;
  text: string;
}

interface ImportRef {
  specifier: string;
  /** `import type …`, `import { type A }`, `export type … from`: erased at run time. */
  typeOnly: boolean;
  dynamic: boolean;
}

// ---- reading imports ----

/** `opaque`: a template literal or a regular expression (never an import specifier). */
type Token = { kind: 'word' | 'punct' | 'string'; value: string } | { kind: 'opaque' };

const KEYWORDS_BEFORE_EXPRESSION = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** Identifiers, punctuation and string literals; comments, template literals and regular expressions are skipped. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const regexMayStart = (): boolean => {
    const last = tokens[tokens.length - 1];
    if (!last) return true;
    if (last.kind === 'string' || last.kind === 'opaque') return false;
    if (last.kind === 'word') return KEYWORDS_BEFORE_EXPRESSION.has(last.value);
    return ![')', ']', '}'].includes(last.value);
  };
  const skipTemplate = (): void => {
    // i is just after the opening backtick; nested `${ … }` may hold strings and templates of their own.
    while (i < text.length && text[i] !== '`') {
      if (text[i] === '\\') i += 2;
      else if (text[i] === '$' && text[i + 1] === '{') {
        i += 2;
        let depth = 1;
        while (i < text.length && depth > 0) {
          const c = text[i]!;
          if (c === '{') depth++;
          else if (c === '}') depth--;
          else if (c === '`') {
            i++;
            skipTemplate();
            continue;
          } else if (c === '"' || c === "'") {
            i = endOfString(text, i);
            continue;
          }
          i++;
        }
      } else i++;
    }
    i++;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) i++;
    else if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) === -1 ? text.length : text.indexOf('*/', i + 2) + 2;
    else if (c === '"' || c === "'") {
      const end = endOfString(text, i);
      tokens.push({ kind: 'string', value: text.slice(i + 1, end - 1) });
      i = end;
    } else if (c === '`') {
      i++;
      skipTemplate();
      tokens.push({ kind: 'opaque' });
    } else if (c === '/' && regexMayStart()) {
      let inClass = false;
      for (i++; i < text.length && (inClass || text[i] !== '/'); i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '[') inClass = true;
        else if (text[i] === ']') inClass = false;
      }
      i++;
      while (/[a-z]/i.test(text[i] ?? '')) i++;
      tokens.push({ kind: 'opaque' });
    } else if (/[\w$]/.test(c)) {
      const start = i;
      while (i < text.length && /[\w$]/.test(text[i]!)) i++;
      tokens.push({ kind: 'word', value: text.slice(start, i) });
    } else {
      tokens.push({ kind: 'punct', value: c });
      i++;
    }
  }
  return tokens;
}

function endOfString(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length && text[i] !== quote && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

const isWord = (t: Token | undefined, value?: string): boolean => t?.kind === 'word' && (value === undefined || t.value === value);
const isPunct = (t: Token | undefined, value: string): boolean => t?.kind === 'punct' && t.value === value;

/**
 * The imports of one file. A dynamic import whose argument is not a string literal cannot be
 * checked: it is returned with the specifier `<computed>`, which no rule allows.
 */
function importsOf(text: string): ImportRef[] {
  const tokens = tokenize(text);
  const out: ImportRef[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!isWord(t, 'import') && !isWord(t, 'export')) continue;
    if (isPunct(tokens[i - 1], '.')) continue; // a property named import/export
    const next = tokens[i + 1];
    if (isWord(t, 'import') && isPunct(next, '(')) {
      const arg = tokens[i + 2];
      const literal = arg?.kind === 'string' && isPunct(tokens[i + 3], ')');
      out.push({ specifier: literal ? arg.value : '<computed>', typeOnly: false, dynamic: true });
      continue;
    }
    if (isWord(t, 'import') && next?.kind === 'string') {
      out.push({ specifier: next.value, typeOnly: false, dynamic: false });
      continue;
    }
    // `import|export [type] <clause> from '…'`: the clause holds only names, braces, commas and `*`.
    let j = i + 1;
    const declaredType = isWord(tokens[j], 'type') && !isWord(tokens[j + 1], 'from') && !isPunct(tokens[j + 1], ',');
    if (declaredType) j++;
    const names: Array<{ typed: boolean; inBraces: boolean }> = [];
    let inBraces = false;
    let typedName = false;
    for (; j < tokens.length; j++) {
      const c = tokens[j]!;
      if (isWord(c, 'from') && !inBraces) break;
      if (isPunct(c, '{')) inBraces = true;
      else if (isPunct(c, '}')) inBraces = false;
      else if (isPunct(c, '*')) names.push({ typed: false, inBraces: false });
      else if (isWord(c, 'type') && inBraces && (isPunct(tokens[j - 1], '{') || isPunct(tokens[j - 1], ','))) typedName = isWord(tokens[j + 1]);
      else if (isWord(c, 'as')) j++;
      else if (isWord(c)) {
        if (isWord(t, 'export') && !inBraces) break; // `export const …`, `export function …`: a declaration
        names.push({ typed: typedName, inBraces });
        typedName = false;
      } else if (!isPunct(c, ',')) break;
    }
    const from = tokens[j + 1];
    if (!isWord(tokens[j], 'from') || from?.kind !== 'string') continue;
    const typeOnly = declaredType || (names.length > 0 && names.every((n) => n.typed && n.inBraces));
    out.push({ specifier: from.value, typeOnly, dynamic: false });
  }
  return out;
}

// ---- the rule ----

/** What an import points at: a file of this repository (relative path), a node builtin, or a package. */
type Target = { kind: 'file'; path: string } | { kind: 'builtin'; name: string } | { kind: 'package'; name: string } | { kind: 'unknown' };

function targetOf(fromPath: string, specifier: string): Target {
  if (specifier === '<computed>') return { kind: 'unknown' };
  if (specifier.startsWith('.')) return { kind: 'file', path: posix.normalize(posix.join(posix.dirname(fromPath), specifier)) };
  if (specifier.startsWith('node:') || isBuiltin(specifier)) return { kind: 'builtin', name: specifier.replace(/^node:/, '') };
  const parts = specifier.split('/');
  return { kind: 'package', name: specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]! };
}

const under = (path: string, folder: string): boolean => path.startsWith(`${folder}/`);
const inFolder = (target: Target, folder: string): boolean => target.kind === 'file' && under(target.path, folder);

/** Why this import breaks the rule, or undefined when it keeps it. */
function ruleBrokenBy(file: string, ref: ImportRef, target: Target): string | undefined {
  if (target.kind === 'unknown') return 'a computed dynamic import cannot be checked';
  if (inFolder(target, 'src/api') && !under(file, 'src/api') && !under(file, 'src/http') && file !== 'src/server.ts') {
    return 'nothing outside src/http and src/server.ts imports src/api';
  }
  if (under(file, 'src/domain')) {
    const allowed =
      inFolder(target, 'src/domain') ||
      inFolder(target, 'src/storage/ports') ||
      inFolder(target, 'src/generated') ||
      (inFolder(target, 'src/config') && ref.typeOnly) ||
      (target.kind === 'builtin' && !isFileSystem(target.name)) ||
      (target.kind === 'package' && DOMAIN_PACKAGES.includes(target.name));
    if (!allowed) return `src/domain imports only src/domain, src/storage/ports, src/generated, src/config (types), node builtins but node:fs, and ${DOMAIN_PACKAGES.join(', ')}`;
  }
  if (under(file, 'src/api')) {
    const allowed =
      inFolder(target, 'src/api') ||
      inFolder(target, 'src/domain') ||
      (inFolder(target, 'src/storage/ports') && ref.typeOnly) ||
      inFolder(target, 'src/generated') ||
      target.kind === 'builtin';
    if (!allowed) return 'src/api imports only src/api, src/domain, src/storage/ports (types), src/generated and node builtins';
  }
  if (under(file, 'src/seed')) {
    const allowed =
      inFolder(target, 'src/seed') ||
      inFolder(target, 'src/domain') ||
      inFolder(target, 'src/storage/ports') ||
      inFolder(target, 'src/generated') ||
      (inFolder(target, 'src/config') && ref.typeOnly) ||
      (target.kind === 'file' && target.path === 'src/http/protocol/validate.ts') ||
      target.kind === 'builtin';
    if (!allowed) return 'src/seed imports only src/seed, src/domain, src/storage/ports, src/generated, src/config (types), src/http/protocol/validate.ts and node builtins';
  }
  if (inFolder(target, 'src/seed') && !under(file, 'src/seed') && !under(file, 'src/cli') && !['src/server.ts', 'src/start-userpool.ts'].includes(file)) {
    return 'only src/server.ts, src/start-userpool.ts and src/cli import src/seed';
  }
  if (under(file, 'src/storage/ports') && !inFolder(target, 'src/storage/ports') && !inFolder(target, 'src/generated')) {
    return 'src/storage/ports imports only itself and src/generated';
  }
  if (under(file, 'src/storage/sql') && (inFolder(target, 'src/domain') || inFolder(target, 'src/api') || inFolder(target, 'src/http'))) {
    return 'src/storage/sql never imports src/domain, src/api or src/http';
  }
  if (under(file, 'src/http') && (inFolder(target, 'src/storage/sql') || inFolder(target, 'src/adapters'))) {
    return 'src/http never imports src/storage/sql or src/adapters';
  }
  return undefined;
}

/** Every import against the rule, as `file: import 'specifier' — rule`. */
function layeringViolations(files: SourceFile[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    for (const ref of importsOf(file.text)) {
      const why = ruleBrokenBy(file.path, ref, targetOf(file.path, ref.specifier));
      if (why) out.push(`${file.path}: ${ref.dynamic ? 'import(' : 'import '}'${ref.specifier}'${ref.dynamic ? ')' : ''}${ref.typeOnly ? ' (type)' : ''} — ${why}`);
    }
  }
  return out;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The non-test `.ts` files under src/. */
function sourceFiles(dir = join(ROOT, 'src'), out: SourceFile[] = []): SourceFile[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) sourceFiles(path, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push({ path: relative(ROOT, path).split(sep).join('/'), text: readFileSync(path, 'utf8') });
  }
  return out;
}

describe('layering: imports point down', () => {
  it('no file under src/ imports against the rule of docs/architecture.md', () => {
    const files = sourceFiles();
    assert.ok(files.length > 100, `expected the whole source tree, found ${files.length} files`);
    const violations = layeringViolations(files);
    assert.deepEqual(violations, [], `imports against the rule:\n${violations.join('\n')}`);
  });

  it('the check fails on a tree that breaks each rule', () => {
    const files: SourceFile[] = [
      { path: 'src/domain/a.ts', text: "import nodemailer from 'nodemailer';\nimport { Mailer } from '../adapters/mailer.ts';\nimport { loadConfig } from '../config/config.ts';" },
      { path: 'src/domain/b.ts', text: "import { rmSync } from 'node:fs';\nexport { x } from '../storage/sql/store.ts';\nconst m = await import('fastify');\nconst n = await import(name);" },
      { path: 'src/api/c.ts', text: "import type { Kysely } from 'kysely';\nimport { SqlStore } from '../storage/sql/store.ts';\nimport { CodePurpose } from '../storage/ports/index.ts';\nimport { app } from '../http/app.ts';" },
      { path: 'src/cli/d.ts', text: "import { handlers } from '../api/index.ts';" },
      { path: 'src/storage/ports/e.ts', text: "import type { Deps } from '../../domain/context.ts';" },
      { path: 'src/storage/sql/f.ts', text: "import { CognitoError } from '../../domain/errors.ts';" },
      { path: 'src/http/g.ts', text: "import { SqlStore } from '../storage/sql/store.ts';\nimport { localImportFiles } from '../adapters/import-files.ts';" },
    ];
    assert.deepEqual(
      layeringViolations(files).map((v) => v.split(' — ')[0]),
      [
        "src/domain/a.ts: import 'nodemailer'",
        "src/domain/a.ts: import '../adapters/mailer.ts'",
        "src/domain/a.ts: import '../config/config.ts'",
        "src/domain/b.ts: import 'node:fs'",
        "src/domain/b.ts: import '../storage/sql/store.ts'",
        "src/domain/b.ts: import('fastify')",
        "src/domain/b.ts: import('<computed>')",
        "src/api/c.ts: import 'kysely' (type)",
        "src/api/c.ts: import '../storage/sql/store.ts'",
        "src/api/c.ts: import '../storage/ports/index.ts'",
        "src/api/c.ts: import '../http/app.ts'",
        "src/cli/d.ts: import '../api/index.ts'",
        "src/storage/ports/e.ts: import '../../domain/context.ts' (type)",
        "src/storage/sql/f.ts: import '../../domain/errors.ts'",
        "src/http/g.ts: import '../storage/sql/store.ts'",
        "src/http/g.ts: import '../adapters/import-files.ts'",
      ],
    );
  });

  it('allows what the rule allows', () => {
    const files: SourceFile[] = [
      { path: 'src/domain/a.ts', text: "import type { Config } from '../config/config.ts';\nimport { type Config as C } from '../config/config.ts';\nimport { SignJWT } from 'jose';\nimport { createHash } from 'node:crypto';\nimport type { Store } from '../storage/ports/index.ts';" },
      { path: 'src/api/b.ts', text: "import { signUp } from '../domain/auth/sign-up.ts';\nimport type { UserRecord } from '../storage/ports/index.ts';\nimport type { SignUpRequest } from '../generated/shapes.ts';" },
      { path: 'src/http/c.ts', text: "import { handlers } from '../api/index.ts';\nimport fastify from 'fastify';" },
      { path: 'src/server.ts', text: "import { handlers } from './api/index.ts';\nimport { SqlStore } from './storage/sql/store.ts';" },
    ];
    assert.deepEqual(layeringViolations(files), []);
  });

  it('reads every form of import, and nothing that only looks like one', () => {
    const text = [
      "import {\n  a,\n  type B,\n} from './multi-line.ts';",
      "import type { C } from './type-only.ts';",
      "import { type D, type E } from './all-typed.ts';",
      "import F, { type G } from './default-and-type.ts';",
      "import * as H from './namespace.ts';",
      "import './side-effect.ts';",
      "export * from './star.ts';",
      "export type { I } from './type-reexport.ts';",
      "export { J as K } from './reexport.ts';",
      'export { L };',
      'export const from = 1;',
      "const m = await import('./dynamic.ts');",
      "// import { N } from './line-comment.ts';",
      "/* import { O } from './block-comment.ts'; */",
      "const p = \"import { P } from './string.ts'\";",
      "const q = `import { Q } from './template.ts' ${`import('./nested.ts')`}`;",
      "const r = /import { R } from '.\\/regex.ts'/;",
      'const s = import.meta.url;',
    ].join('\n');
    assert.deepEqual(importsOf(text), [
      { specifier: './multi-line.ts', typeOnly: false, dynamic: false },
      { specifier: './type-only.ts', typeOnly: true, dynamic: false },
      { specifier: './all-typed.ts', typeOnly: true, dynamic: false },
      { specifier: './default-and-type.ts', typeOnly: false, dynamic: false },
      { specifier: './namespace.ts', typeOnly: false, dynamic: false },
      { specifier: './side-effect.ts', typeOnly: false, dynamic: false },
      { specifier: './star.ts', typeOnly: false, dynamic: false },
      { specifier: './type-reexport.ts', typeOnly: true, dynamic: false },
      { specifier: './reexport.ts', typeOnly: false, dynamic: false },
      { specifier: './dynamic.ts', typeOnly: false, dynamic: true },
    ]);
  });
});
