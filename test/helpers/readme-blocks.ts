/**
 * README.md's fenced examples and the markers before them, for test/readme-examples.test.ts
 * (the convention is described there).
 */

export type Lang = 'sh' | 'js' | 'python';

export interface ReadmeBlock {
  /** Name from the marker, or `<lang>@<line>` for an unmarked block. */
  name: string;
  lang: Lang;
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
  /** Why the block is not run (`<!-- not run: … -->`), if so. */
  notRun?: string;
  /** Blocks (by name) whose code runs before this one's, in one program. */
  continues: string[];
  /** Fixture values the block uses as free JS variables (`uses=idToken,clientId`). */
  uses: string[];
  /** Regular expressions the block's standard output must match. */
  expect: RegExp[];
  /** `errors=shown`: the block shows failures on purpose; its `expect` patterns are what is checked. */
  showsErrors: boolean;
  /** Settings for a server of the block's own (`server="USERPOOL_ISSUER=aws"`), as `npm start` reads them from the environment. */
  server?: Record<string, string>;
  /** The branch whose server fix the block waits for (`pending=h-create`): reported as a TODO. */
  pending?: string;
}

const RUNNABLE: Record<string, Lang> = { sh: 'sh', bash: 'sh', shell: 'sh', js: 'js', javascript: 'js', mjs: 'js', python: 'python', py: 'python' };

/** Attributes of a marker: `name key=value key="value with spaces"`. */
function parseMarker(body: string, line: number): { name?: string; attrs: Map<string, string[]> } {
  const attrs = new Map<string, string[]>();
  let name: string | undefined;
  const token = /(\w[\w-]*)(?:=(?:"((?:[^"\\]|\\.)*)"|(\S+)))?/g;
  for (const m of body.matchAll(token)) {
    const key = m[1]!;
    // Backslashes stay: an `expect` value is a RegExp source, where \" still means ".
    const value = m[2] ?? m[3];
    if (value === undefined) {
      if (name !== undefined) throw new Error(`README line ${line}: marker has two names ("${name}", "${key}")`);
      name = key;
    } else {
      attrs.set(key, [...(attrs.get(key) ?? []), value]);
    }
  }
  return name === undefined ? { attrs } : { name, attrs };
}

const KNOWN = new Set(['continues', 'uses', 'expect', 'pending', 'server', 'errors']);

export function readmeBlocks(readme: string): ReadmeBlock[] {
  const lines = readme.split('\n');
  const blocks: ReadmeBlock[] = [];
  let marker: { text: string; line: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const comment = /^<!--\s*((?:example|not run):[\s\S]*?)\s*-->\s*$/.exec(text);
    if (comment) {
      if (marker) throw new Error(`README line ${marker.line}: marker not followed by a code block`);
      marker = { text: comment[1]!, line: i + 1 };
      continue;
    }
    const fence = /^```(\S*)\s*$/.exec(text);
    if (!fence) {
      if (marker && text.trim() !== '') throw new Error(`README line ${marker.line}: marker not followed by a code block`);
      continue;
    }
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`README line ${i + 1}: unclosed code block`);
    const code = lines.slice(i + 1, end).join('\n') + '\n';
    const lang = RUNNABLE[fence[1]!.toLowerCase()];
    const at = marker;
    const line = i + 1;
    marker = undefined;
    i = end;
    if (!lang) {
      if (at) throw new Error(`README line ${at.line}: marker before a block that is not sh, js or python`);
      continue;
    }
    const block: ReadmeBlock = { name: `${lang}@${line}`, lang, line, code, continues: [], uses: [], expect: [], showsErrors: false };
    if (at?.text.startsWith('not run:')) {
      block.notRun = at.text.slice('not run:'.length).trim();
      if (!block.notRun) throw new Error(`README line ${at.line}: "not run" needs a reason`);
    } else if (at) {
      const { name, attrs } = parseMarker(at.text.slice('example:'.length), at.line);
      for (const key of attrs.keys()) if (!KNOWN.has(key)) throw new Error(`README line ${at.line}: unknown marker attribute "${key}"`);
      if (name) block.name = name;
      block.continues = (attrs.get('continues') ?? []).flatMap((v) => v.split(','));
      block.uses = (attrs.get('uses') ?? []).flatMap((v) => v.split(','));
      block.expect = (attrs.get('expect') ?? []).map((v) => new RegExp(v, 'm'));
      const errors = attrs.get('errors');
      if (errors && errors.join() !== 'shown') throw new Error(`README line ${at.line}: errors= takes only "shown"`);
      block.showsErrors = errors !== undefined;
      if (block.showsErrors && block.expect.length === 0) throw new Error(`README line ${at.line}: a block with errors=shown needs an expect= that checks them`);
      const server = attrs.get('server');
      if (server) {
        block.server = {};
        for (const setting of server.join(' ').split(/\s+/).filter(Boolean)) {
          const eq = setting.indexOf('=');
          if (eq <= 0) throw new Error(`README line ${at.line}: server setting "${setting}" is not NAME=value`);
          block.server[setting.slice(0, eq)] = setting.slice(eq + 1);
        }
      }
      const pending = attrs.get('pending');
      if (pending) block.pending = pending.join(', ');
    }
    blocks.push(block);
  }
  if (marker) throw new Error(`README line ${marker.line}: marker not followed by a code block`);
  return blocks;
}
