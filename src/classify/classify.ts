/**
 * The classification engine: verdict records in, findings out. Pure apart from `readSource`, which
 * the caller supplies (and may cache); the output is sorted and free of absolute paths.
 */
import { compareFindings, compareStrings } from '../findings/order.js';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { levelRank, type Finding, type FindingFlowStep, type InlinedSite } from '../findings/finding.js';
import type { FlowStep, VerdictRecord } from '../parse/records.js';
import { memoResolve, type PathResolver } from '../paths/resolve.js';
import type { MatchContext, Rule } from '../../rules/rule.js';
import { unreachableInlined } from './unreachable.js';
import { RULES, RULES_BY_PRECEDENCE } from '../../rules/index.js';
import type { GoSource } from '../source/go-source.js';
import type { FileDeclarations, GoFunction } from '../source/go-source.js';
import {
  addressTaken,
  calleeAt,
  expressionStartColumn,
  callBeforeSelector,
  callWritten,
  constantLiteralAt,
  declaresVariable,
  enclosingFunction,
  expressionExtent,
  fileDeclarations,
  importName,
  insideRangeLoop,
  isBasicType,
  literalCalledAt,
  literalCaptures,
  localInitializer,
  multiInitializer,
  rangedOver,
  typeSwitchClauseType,
  localType,
  referencedInClosure,
  scanGoSource,
  statementKeyword,
  stringness,
  spreadIntoAppend,
  makesIn,
  sumOperandsAt,
  tokenBefore,
  tokenTextAt,
  typeSpecsOf,
  varSpecsOf,
  underlyingType,
  writtenExpressionAt,
} from '../source/go-source.js';
import type { RecordFacts } from './facts.js';
import { INLINED_VARIABLE } from './rule-kit.js';
import { hasShape, replaceShapes, withoutShapeMarks } from './shapes.js';
import { explained, inlineCode as code, primaryFlows } from './evidence.js';
import { parseSubject, selectorName, splitTopLevel, sumStringness } from './subject.js';
import { hiddenLoopVariable, positionFromFlow } from './range-func.js';

export interface ClassifyOptions {
  resolver: PathResolver;
  goVersion: { major: number; minor: number } | null;
  readSource: (absPath: string) => string | null;
  /** Rules to report; defaults to the rules enabled by default. */
  enabledRules?: ReadonlySet<string>;
  /** Source text kept scanned at once (UTF-16 code units); default SCANNED_SOURCE_BUDGET. */
  scanBudget?: number;
  /**
   * The `.go` files of a directory (absolute paths), for declarations in files that hold no
   * verdict; none when absent.
   */
  listGoFiles?: (dir: string) => readonly string[];
}

export interface ClassifyResult {
  findings: Finding[];
  /** Findings left out because their file is outside the repository, by reason. */
  excluded: Record<string, number>;
  /** Heap verdicts no specific rule explained (reported as unclassified-escape when enabled). */
  unclassified: number;
}

export const UNCLASSIFIED_RULE_ID = 'unclassified-escape';

/**
 * Source text kept scanned at once, in UTF-16 code units. A scanned file costs its text and about
 * seven bytes per character more (its token table and functions), so a repository's worth of
 * scanned files would be what grows lint's memory with the repository: past this budget the
 * least recently used files are dropped, and scanned again should a later record need them.
 * Records come roughly a file at a time (a package's section, in log order), so that is rare.
 */
export const SCANNED_SOURCE_BUDGET = 1 << 20;

/**
 * Per-run caches: resolved paths, scanned sources (bounded, see SCANNED_SOURCE_BUDGET), and
 * what is drawn from them for a whole package (kept: small beside the tokens).
 */
class Workspace {
  /** Scanned sources and the length of their text, least recently used first. */
  private readonly scanned = new Map<string, { src: GoSource; chars: number }>();
  private scannedChars = 0;
  /** Files that could not be read (never retried). */
  private readonly unreadable = new Set<string>();
  /** The resolver's answer for a printed file of a package, remembered (memoResolve). */
  readonly resolve: (file: string, pkg: string | null) => ReturnType<PathResolver['resolve']>;
  /** Files that hold verdicts of each compilation unit (see unitOf; registered by indexRecords, in log order). */
  private readonly packageFiles = new Map<string, Set<string>>();
  private readonly declarations = new Map<string, PackageDeclarations>();
  private readonly functionsOf = new Map<string, GoFunction[]>();
  private readonly fileDecls = new Map<string, FileDeclarations>();
  /** Functions and method names of every file scanned once: kept after its tokens are dropped. */
  private readonly fileFactsOf = new Map<string, FileFacts>();
  /** Answers of declaredTypeOf, by unit, file and name. */
  private readonly typeAnswers = new Map<string, string | null>();

  /** The remembered answer to a type question (declaredTypeOf), found once. */
  remember(key: string, find: () => string | null): string | null {
    let answer = this.typeAnswers.get(key);
    if (answer === undefined) this.typeAnswers.set(key, (answer = find()));
    return answer;
  }

  /** Package names by unit (packageName). */
  private readonly packageNames = new Map<string, string>();
  /** The non-test `.go` files of a directory, sorted, and the named types each declares (typeInDir). */
  private readonly dirFiles = new Map<string, string[]>();
  private readonly fileTypeSpecs = new Map<string, Map<string, string>>();
  private readonly fileVarSpecs = new Map<string, Map<string, string>>();

  /**
   * The written type of a package-level variable `name` a `.go` file of `dir` declares with a
   * type and no value (`var BigEndian bigEndian` in encoding/binary); null when none does.
   */
  varTypeInDir(dir: string, name: string): string | null {
    if (this.options.listGoFiles === undefined) return null;
    for (const abs of this.goFiles(dir)) {
      let specs = this.fileVarSpecs.get(abs);
      if (specs === undefined) {
        const text = this.scanned.get(abs)?.src.tokens.source ?? this.options.readSource(abs);
        this.fileVarSpecs.set(abs, (specs = text === null ? new Map() : varSpecsOf(text)));
      }
      const type = specs.get(name);
      if (type !== undefined) return type;
    }
    return null;
  }

  constructor(private readonly options: ClassifyOptions) {
    this.resolve = memoResolve(options.resolver);
  }

  source(file: string | null, pkg: string | null): GoSource | null {
    if (file === null) return null;
    const abs = this.resolve(file, pkg).absolute;
    return abs === null ? null : this.scan(abs);
  }

  /** The scanned file, from the cache or read and scanned now; null when it cannot be read. */
  private scan(abs: string): GoSource | null {
    const hit = this.scanned.get(abs);
    if (hit !== undefined) {
      // Most recently used goes last.
      this.scanned.delete(abs);
      this.scanned.set(abs, hit);
      return hit.src;
    }
    if (this.unreadable.has(abs)) return null;
    const text = this.options.readSource(abs);
    if (text === null) {
      this.unreadable.add(abs);
      return null;
    }
    const src = scanGoSource(text, { goMinor: this.options.goVersion?.minor ?? null });
    if (!this.fileFactsOf.has(abs)) this.fileFactsOf.set(abs, { functions: src.functions, methodNames: src.methodNames });
    this.scanned.set(abs, { src, chars: text.length });
    this.scannedChars += text.length;
    // The file just scanned always stays, however large.
    for (const [old, { chars }] of this.scanned) {
      if (this.scannedChars <= (this.options.scanBudget ?? SCANNED_SOURCE_BUDGET) || old === abs) break;
      this.scanned.delete(old);
      this.scannedChars -= chars;
    }
    return src;
  }

  /**
   * Remember that the record's file belongs to its compilation unit. Neither read nor scanned
   * here: files are scanned in the order records use them, which is what the budget is sized
   * for, and a file that cannot be read adds nothing to its unit's declarations.
   */
  register(record: VerdictRecord): void {
    if (record.file === null) return;
    const abs = this.resolve(record.file, record.package).absolute;
    if (abs === null) return;
    const unit = unitOf(record);
    const files = this.packageFiles.get(unit);
    if (files === undefined) this.packageFiles.set(unit, new Set([abs]));
    else if (!files.has(abs)) {
      files.add(abs);
      // A unit printed twice (a log of two builds) learns of more files.
      this.functionsOf.delete(unit);
      this.declarations.delete(unit);
    }
  }

  /** Functions and method names of a file, scanning it if it never was (none when unreadable). */
  private fileFacts(abs: string): FileFacts {
    if (!this.fileFactsOf.has(abs)) this.scan(abs);
    return this.fileFactsOf.get(abs) ?? NO_FACTS;
  }

  /** The registered files of a compilation unit, sorted. */
  private filesOf(unit: string): string[] {
    return [...(this.packageFiles.get(unit) ?? [])].sort();
  }

  /** Answers of scannedFunction, by unit and name. */
  private readonly scannedFunctions = new Map<string, GoFunction | null>();

  /**
   * The function (not method) `name` a file of the unit scanned so far declares, or null: then
   * `name(x)` is a call, not a conversion, and no file need be read to tell.
   */
  scannedFunction(unit: string, name: string): GoFunction | null {
    const key = `${unit}\u0000${name}`;
    let found = this.scannedFunctions.get(key);
    if (found === undefined) {
      found = null;
      for (const abs of this.filesOf(unit)) {
        found = this.fileFactsOf.get(abs)?.functions.find((fn) => !fn.closure && fn.name === name) ?? null;
        if (found !== null) break;
      }
      this.scannedFunctions.set(key, found);
    }
    return found;
  }

  /** Whether the directories' `.go` files can be listed (typeInDir). */
  get listsFiles(): boolean {
    return this.options.listGoFiles !== undefined;
  }

  /** What the file `abs` declares the named type `name` as, through its other types; null when it does not. */
  typeInFile(abs: string, name: string): string | null {
    const types = this.fileDeclarations(abs)?.types;
    return types?.has(name) === true ? underlyingType(name, types) : null;
  }

  private fileDeclarations(abs: string): FileDeclarations | null {
    let d = this.fileDecls.get(abs);
    if (d === undefined) {
      const src = this.scan(abs);
      if (src === null) return null;
      d = fileDeclarations(src);
      this.fileDecls.set(abs, d);
    }
    return d;
  }

  /** Every function of the unit's files that hold verdicts. */
  packageFunctions(key: string): readonly GoFunction[] {
    let out = this.functionsOf.get(key);
    if (out === undefined) {
      out = [];
      for (const abs of this.filesOf(key)) out.push(...this.fileFacts(abs).functions);
      this.functionsOf.set(key, out);
    }
    return out;
  }

  /**
   * What the named type `name` is declared as (`[]int` for `type IDs []int`), through other named
   * types: from the unit's files with verdicts, else from the other `.go` files beside `near`
   * (a package's types often live in a file of their own). Null when no file declares it.
   */
  declaredType(unit: string, name: string, near: string | null): string | null {
    // The directory's files read as text first: cheaper than scanning all the unit's files for
    // their declarations, which a test file's type (not read there) still needs.
    const known = this.declarations.get(unit)?.types;
    if (known?.has(name) === true) return underlyingType(name, known);
    const inDir = near === null ? null : this.typeInDir(path.dirname(near), name);
    if (inDir !== null) return inDir;
    const own = this.packageDeclarations(unit).types;
    return own.has(name) ? underlyingType(name, own) : null;
  }

  /**
   * A type as a declaration in `dir`'s package writes it: itself when predeclared or spelled out
   * (`[]byte`), else what that package declares the name as (typeInDir); null when not known.
   */
  writtenTypeInDir(dir: string, type: string): string | null {
    return isBasicType(type) || !IDENTIFIER.test(type) ? type : this.typeInDir(dir, type);
  }

  /** What the named type `name` is declared as in the `.go` files of `dir`; null when none declares it. */
  typeInDir(dir: string, name: string, depth = 0): string | null {
    if (this.options.listGoFiles === undefined || depth > 4) return null;
    const files = this.goFiles(dir);
    // Files are read as text, not scanned (a standard-library package is many large files, for
    // one type), and only until one declares the name: build-tagged files agree on a type's kind.
    // A file named for the type (header.go for Header) is read first.
    const named = files.findIndex((f) => path.basename(f, '.go').toLowerCase() === name.toLowerCase());
    for (const abs of named > 0 ? [files[named] ?? '', ...files.slice(0, named), ...files.slice(named + 1)] : files) {
      let specs = this.fileTypeSpecs.get(abs);
      if (specs === undefined) {
        // A file scanned for other facts is not read again.
        const text = this.scanned.get(abs)?.src.tokens.source ?? this.options.readSource(abs);
        this.fileTypeSpecs.set(abs, (specs = text === null ? new Map() : typeSpecsOf(text)));
      }
      const declared = specs.get(name);
      if (declared === undefined) continue;
      // Another type of the package (`type Header textproto.MIMEHeader` is left as it is).
      return IDENTIFIER.test(declared) && !isBasicType(declared) ? (this.typeInDir(dir, declared, depth + 1) ?? declared) : declared;
    }
    return null;
  }

  /**
   * The name a unit's package declares (`nats` for github.com/nats-io/nats.go, `q` for
   * example.com/q/v2): from one of its files, else guessed from the import path.
   */
  packageName(unit: string, importPath: string): string {
    let name = this.packageNames.get(unit);
    if (name === undefined) {
      name = importName(importPath);
      // A guess that is an identifier is taken (the convention; reading a file of every package
      // in the log costs more than the rare package named otherwise than its directory).
      if (/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) {
        this.packageNames.set(unit, name);
        return name;
      }
      for (const abs of this.filesOf(unit)) {
        const declared = this.scan(abs)?.packageName;
        if (declared !== null && declared !== undefined) {
          name = declared;
          break;
        }
      }
      this.packageNames.set(unit, name);
    }
    return name;
  }

  /**
   * The directory of a standard-library package (`context`), from GOROOT as the resolver knows it;
   * null for other packages, or when GOROOT is not known.
   */
  stdPackageDir(importPath: string): string | null {
    if (importPath.split('/')[0]?.includes('.') !== false) return null;
    return this.resolve(`$GOROOT/src/${importPath}`, null).absolute;
  }

  /**
   * The functions named `name` (methods too) in the `.go` files of `dir` that declare one, with
   * their scanned source: a file is scanned only when its text has `name(` after a `func`.
   */
  functionsNamed(dir: string, name: string): { src: GoSource; fn: GoFunction }[] {
    const key = `${dir}\u0000${name}`;
    const known = this.functionsByName.get(key);
    if (known !== undefined) return known;
    const out: { src: GoSource; fn: GoFunction }[] = [];
    this.functionsByName.set(key, out);
    for (const abs of this.goFiles(dir)) {
      if (!this.funcNamesOf(abs).has(name)) continue;
      const src = this.scan(abs);
      for (const fn of src?.functions ?? []) if (!fn.closure && fn.name.slice(fn.name.lastIndexOf('.') + 1) === name && src !== null) out.push({ src, fn });
    }
    return out;
  }

  private readonly functionsByName = new Map<string, { src: GoSource; fn: GoFunction }[]>();
  /** The names of the functions and methods a file declares, read from its text once (functionsNamed). */
  private readonly fileFuncNames = new Map<string, ReadonlySet<string>>();

  private funcNamesOf(abs: string): ReadonlySet<string> {
    let names = this.fileFuncNames.get(abs);
    if (names === undefined) {
      const text = this.scanned.get(abs)?.src.tokens.source ?? this.options.readSource(abs) ?? '';
      names = new Set([...text.matchAll(/^func (?:\([^)]*\) )?([\p{L}_][\p{L}\p{N}_]*)[[(]/gmu)].map((m) => m[1] ?? ''));
      this.fileFuncNames.set(abs, names);
    }
    return names;
  }

  private goFiles(dir: string): string[] {
    let files = this.dirFiles.get(dir);
    if (files === undefined) this.dirFiles.set(dir, (files = [...(this.options.listGoFiles?.(dir) ?? [])].filter((f) => !f.endsWith('_test.go')).sort()));
    return files;
  }

  /**
   * The directory of the package the record's file names `qualifier` (`errs` of `errs.Box`): the
   * one it imports so; with `orStd`, else the standard library's of that path (`syscall.Errno`
   * printed for `unix.EINVAL`, where the file imports no syscall). Null when not found.
   */
  importedDir(record: VerdictRecord, qualifier: string, orStd: boolean): string | null {
    const near = record.file === null ? null : this.resolve(record.file, record.package).absolute;
    const src = this.source(record.file, record.package);
    // The compiler prints the package's name, which the file may not bind: a dot import binds none
    // (`chroma.Rules{...}`), and the path may not give it (`nats` for github.com/nats-io/nats.go,
    // `nats.go` by importName's guess), nor an alias.
    const named = (p: string): boolean => packageNameGuesses(p).includes(qualifier);
    const imported = src?.imports.get(qualifier) ?? (src === null ? undefined : [...src.imports.values(), ...src.dotImports].find(named)) ?? (orStd ? qualifier : undefined);
    return imported === undefined ? null : this.importDir(imported, near);
  }

  /** Module path and root of the go.mod nearest above a directory, by directory (moduleOf). */
  private readonly modules = new Map<string, { path: string; dir: string } | null>();

  /**
   * The directory of an imported package: the standard library's in GOROOT, or one of the module
   * that holds `near` (a file) laid out by its import path. Null for other modules' packages.
   */
  importDir(importPath: string, near: string | null): string | null {
    const std = this.stdPackageDir(importPath);
    if (std !== null || near === null) return std;
    const mod = this.moduleOf(path.dirname(near));
    if (mod === null) return null;
    if (importPath === mod.path) return mod.dir;
    return importPath.startsWith(`${mod.path}/`) ? path.join(mod.dir, importPath.slice(mod.path.length + 1)) : null;
  }

  private moduleOf(dir: string): { path: string; dir: string } | null {
    let found = this.modules.get(dir);
    if (found !== undefined) return found;
    const text = this.options.readSource(path.join(dir, 'go.mod'));
    const declared = text === null ? undefined : /^module[ \t]+"?([^\s"]+)"?/m.exec(text)?.[1];
    const parent = path.dirname(dir);
    found = declared !== undefined ? { path: declared, dir } : parent === dir ? null : this.moduleOf(parent);
    this.modules.set(dir, found);
    return found;
  }

  /** Method names, package-level values, fields and named types of a unit's files (those with verdicts). */
  packageDeclarations(key: string): PackageDeclarations {
    let d = this.declarations.get(key);
    if (d !== undefined) return d;
    const methodNames = new Set<string>();
    const values = new Map<string, string | null>();
    const fields = new Map<string, string | null>();
    const types = new Map<string, string | null>();
    const typeFields = new Map<string, Set<string>>();
    const typeMethods = new Map<string, Set<string>>();
    const union = (into: Map<string, Set<string>>, from: ReadonlyMap<string, ReadonlySet<string>>): void => {
      for (const [name, set] of from) into.set(name, new Set([...(into.get(name) ?? []), ...set]));
    };
    const merge = (into: Map<string, string | null>, from: ReadonlyMap<string, string | null>): void => {
      for (const [name, type] of from) {
        const old = into.get(name);
        into.set(name, old === undefined || old === type ? type : null);
      }
    };
    for (const abs of this.filesOf(key)) {
      for (const n of this.fileFacts(abs).methodNames) methodNames.add(n);
      const f = this.fileDeclarations(abs);
      if (f === null) continue;
      merge(values, f.values);
      merge(fields, f.fields);
      merge(types, f.types);
      union(typeFields, f.typeFields);
      union(typeMethods, f.typeMethods);
    }
    d = { methodNames, values, fields, types, typeFields, typeMethods };
    this.declarations.set(key, d);
    return d;
  }
}

interface FileFacts {
  functions: readonly GoFunction[];
  methodNames: ReadonlySet<string>;
}

const NO_FACTS: FileFacts = { functions: [], methodNames: new Set() };

interface PackageDeclarations extends FileDeclarations {
  methodNames: ReadonlySet<string>;
}

function storageSubject(loc: string): string | null {
  return loc.startsWith('{storage for ') && loc.endsWith('}') ? loc.slice('{storage for '.length, -1) : null;
}

/**
 * The compilation unit a record was printed in: its package, and for a test variant
 * (`# p [p.test]`) the variant too. Facts drawn from other records and from the package's files
 * are per unit, so a package's plain build and its test variant, compiled in either order, do
 * not see each other's files: each is classified as complete when its section ends.
 */
function unitOf(record: VerdictRecord): string {
  return record.variant === null ? (record.package ?? '') : `${record.package ?? ''}\u0000${record.variant}`;
}

function posKey(unit: string, file: string | null, line: number | null, column: number | null): string {
  return `${unit}|${file ?? ''}:${line ?? 0}:${column ?? 0}`;
}

/** Facts drawn from the records of the log so far (reference §1.3 pitfalls: boxes vs. their operands, method values vs. fields). */
interface LogIndex {
  boxed: Set<string>;
  methodValues: Set<string>;
  /**
   * Receivers a method value binds (`unit|file|line|receiver`): the flows `{temp} ← c` and then
   * `X ← {temp}`, with no notes, are how the compiler stores the receiver into the method value's
   * closure. Read on the record of what the receiver holds, which an inlined call (`dep.New`)
   * prints on the selector's line.
   */
  boundReceivers: Set<string>;
  /** `moved to heap` verdicts by compilation unit and variable (`unit|name`). */
  moved: Map<string, VerdictRecord[]>;
  /** Compilation units that hold verdicts → their import path. */
  units: Map<string, string>;
  /**
   * Makes spread into an append where some verdict's text shows it (`posKey|make text`, no
   * spaces): `append(slices.s[:cap(slices.s)], make([]go.shape.uint8, slices.n)...)`, printed
   * at a call that inlines slices.Grow, itself maybe inlined in slices.Concat.
   */
  spreadMakes: Set<string>;
}

function indexRecords(records: readonly VerdictRecord[], index: LogIndex, ws: Workspace): void {
  for (const r of records) {
    // A leak to a result is reported (leaking-param) but is no heap verdict: facts come, as they
    // always have, from the heap verdicts and the files that hold them.
    if (r.kind === 'leaking-param-to-result') continue;
    const unit = unitOf(r);
    if (r.kind === 'moved-to-heap') {
      const key = `${unit}|${r.subject}`;
      const list = index.moved.get(key);
      if (list === undefined) index.moved.set(key, [r]);
      else list.push(r);
    }
    for (let i = 0; i + 1 < r.flows.length; i++) {
      const [f, g] = [r.flows[i], r.flows[i + 1]];
      if (f === undefined || g === undefined || f.dst !== '{temp}' || f.derefs !== 0 || f.steps.length > 0) continue;
      if (g.src === '{temp}' && g.steps.length === 0 && g.block === f.block) index.boundReceivers.add(`${unit}|${r.file ?? ''}|${r.line ?? ''}|${f.src}`);
    }
    for (const flow of r.flows) {
      const target = storageSubject(flow.dst);
      if (target === null) continue;
      for (const step of flow.steps) {
        if (step.why === 'interface-converted') index.boxed.add(`${posKey(unit, step.file, step.line, step.column)}|${target}`);
      }
      if (flow.src === '{temp}' && flow.steps.length === 0 && parseSubject(target).form === 'selector') {
        index.methodValues.add(`${unit}|${target}`);
      }
    }
    for (const text of [r.subject, ...r.explanations.map((e) => e.subject)]) {
      for (const make of makesSpreadIn(text)) index.spreadMakes.add(`${posKey(unit, r.file, r.line, r.column)}|${make}`);
    }
    ws.register(r);
    if (!index.units.has(unit)) index.units.set(unit, r.package ?? '');
  }
}

/** The makes spread into an append in printed text (`append(s, make([]T, n)...)`), without spaces. */
function makesSpreadIn(text: string): string[] {
  const out: string[] = [];
  if (!text.includes('append(')) return out;
  for (let at = text.indexOf('make('); at >= 0; at = text.indexOf('make(', at + 1)) {
    if (at > 0 && /[\p{L}\p{N}_.]/u.test(text[at - 1] ?? '')) continue;
    const close = matchingParen(text, at + 'make'.length);
    if (close > 0 && text.startsWith('...)', close + 1)) out.push(text.slice(at, close + 1).replace(/\s+/g, ''));
  }
  return out;
}

/**
 * The package declares a method of this name and no field of it: with the receiver's type not
 * known, a name that is both (`Description`, a field of one type and a method of another) says
 * nothing.
 */
function onlyAMethod(decls: PackageDeclarations, name: string): boolean {
  return decls.methodNames.has(name) && !decls.fields.has(name);
}

/**
 * A subject inlined from another package is qualified by that package's name (`store.c.evictAll`
 * for `c.evictAll` inside store.New), so look the method up in the package of that name. Other
 * packages' sections can come later in the log than the record's: only asked once all are in.
 */
function inlinedPackageDeclares(index: LogIndex, ws: Workspace, subject: string): boolean {
  const name = selectorName(subject);
  return unitsNamed(subject.split('.')[0] ?? '', index, ws).some((unit) => onlyAMethod(ws.packageDeclarations(unit), name));
}

/**
 * `zl.msg` for the parameter `msg` of a function of package zl inlined here: the name is a
 * variable where the code is written, and the qualifier is none there. Not a method value, whatever
 * methods package zl has.
 */
function inlinedVariable(record: VerdictRecord, src: GoSource): boolean {
  const parts = record.subject.split('.');
  if (parts.length !== 2 || record.line === null) return false;
  const [qualifier, name] = [parts[0] ?? '', parts[1] ?? ''];
  const column = record.column ?? 1;
  return declaresVariable(src, record.line, column, name) && !declaresVariable(src, record.line, column, qualifier);
}

/** The compilation units in the log whose package is named `name` (code inlined from `name.F`). */
function unitsNamed(name: string, index: LogIndex, ws: Workspace): string[] {
  const out: string[] = [];
  for (const [unit, pkg] of index.units) if (ws.packageName(unit, pkg) === name) out.push(unit);
  // Sorted, not in the order the log printed them in.
  return out.sort(compareStrings);
}

/**
 * The record is an element of a call's `...` slice (`... argument (slice-literal-element)`) with no
 * `(interface-converted)` step: what a method value passed to `fmt.Sprintf` shows (go1.26: `from
 * c.Line (interface-converted)`) is missing, so it is a field's value (`pos.Line`).
 */
function unconvertedVariadicElement(record: VerdictRecord): boolean {
  const steps = primaryFlows(record).flatMap((f) => f.steps);
  return steps.some((s) => s.why === 'slice-literal-element' && s.expr === '... argument') && !steps.some((s) => s.why === 'interface-converted');
}

/** The record's (primary) flow is `{storage for S} ← &{storage for S}` through `(interface-converted)`: S's data, held by S's box. */
function feedsOwnBox(record: VerdictRecord): boolean {
  return primaryFlows(record).some(
    (f) => storageSubject(f.dst) === record.subject && f.steps.some((step) => step.why === 'interface-converted'),
  );
}

/**
 * The allocations a verdict record stands for, each as one view per explanation block. The
 * compiler can print several blocks for one verdict (one per path that makes it escape, plus a
 * separate `(too large for stack)` block), so the blocks of one allocation are alternatives and the
 * rule that ranks first on any of them wins. The parser also folds identical verdict lines at one
 * position into one record (count > 1); when one of those blocks is the `(interface-converted)`
 * edge into the subject's own storage, the lines are two allocations that print alike - a
 * concatenation's string data and its interface box - and each is classified on its own; so are
 * blocks of different expressions folded into one line (the appends of two bodies inlined at one
 * call both print `append`). Parameter leaks keep all blocks together: there they are the several sinks of one parameter.
 */
function allocations(record: VerdictRecord): VerdictRecord[][] {
  if ((record.kind !== 'moved-to-heap' && record.kind !== 'escapes-to-heap') || record.explanations.length < 2) return [[record]];
  const views = blockViews(record);
  if (views.length < 2 || record.count < 2) return [views];
  const data = views.filter(feedsOwnBox);
  const rest = views.filter((v) => !feedsOwnBox(v));
  if (data.length > 0 && rest.length > 0) return [rest, data];
  // Folded lines of different expressions (`append escapes to heap` twice at one call, for the
  // appends of two bodies inlined there): the blocks of each expression are one allocation.
  const bySubject = new Map<string, VerdictRecord[]>();
  for (const v of views) {
    const subject = v.explanations[0]?.subject ?? '';
    bySubject.set(subject, [...(bySubject.get(subject) ?? []), v]);
  }
  return bySubject.size > 1 && bySubject.size <= record.count ? [...bySubject.values()] : [views];
}

/** The record once per explanation block, with that block's flows and explanation; itself when it has fewer than two. */
function blockViews(record: VerdictRecord): VerdictRecord[] {
  const blocks = [...new Set(record.flows.map((f) => f.block))];
  if (blocks.length < 2) return [record];
  return blocks.map((b): VerdictRecord => {
    const explanation = record.explanations[b];
    return { ...record, flows: record.flows.filter((f) => f.block === b), explanations: explanation === undefined ? [] : [explanation] };
  });
}

/** A Go identifier, whole. */
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * String concatenation or arithmetic? The printed operands often say (literals, slicing, other
 * operators); otherwise the declared type of an operand name does: a parameter, result or local of
 * an enclosing function, a package-level value, a struct field for a selector, or the result of a
 * function or method of the package for a call. Operands printed as inlined calls' results
 * (`(~r0) + (~r0)`) are read as the source writes them (`m.get(0)+m.get(1)`).
 */
function sumKind(record: VerdictRecord, src: GoSource | null, ws: Workspace): 'string' | 'non-string' | null {
  const { kind, operands } = sumStringness(record.subject);
  if (kind !== null || src === null || record.line === null) return kind;
  const printed = operandsKind(record, src, ws, operands);
  if (printed !== null || record.column === null) return printed;
  const written = sumOperandsAt(src, record.line, record.column);
  if (written === null) return null;
  const fromSource = sumStringness(written.join(' + '));
  return fromSource.kind ?? operandsKind(record, src, ws, fromSource.operands);
}

function operandsKind(record: VerdictRecord, src: GoSource, ws: Workspace, operands: readonly string[]): 'string' | 'non-string' | null {
  const decls = ws.packageDeclarations(unitOf(record));
  const kinds = new Set<'string' | 'non-string'>();
  for (const operand of operands) {
    let type: string | null;
    if (IDENTIFIER.test(operand)) {
      type = nameType(record, src, ws, operand) ?? decls.values.get(operand) ?? null;
    } else if (/^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)+$/u.test(operand)) {
      type = decls.fields.get(selectorName(operand)) ?? null;
    } else {
      // A conversion to a type of this package: `Offset(x)`; else a call of its functions.
      const conversion = /^([\p{L}_][\p{L}\p{N}_]*)\(/u.exec(operand)?.[1];
      type = conversion !== undefined && decls.types.has(conversion) ? conversion : callResult(record, src, ws, operand);
    }
    const k = stringness(type, decls.types);
    if (k !== null) kinds.add(k);
  }
  return kinds.size === 1 ? ([...kinds][0] ?? null) : null;
}

/** `F(…)`, `x.M(…)` or the printed `(*T).M(x, …)`: F's or M's only result, when the package's functions of that name agree on it. */
const CALL = /^(?:\(\*?[\p{L}_][\p{L}\p{N}_]*\)\.)?((?:[\p{L}_][\p{L}\p{N}_]*\.)*)([\p{L}_][\p{L}\p{N}_]*)\(.*\)$/u;

function callResult(record: VerdictRecord, src: GoSource, ws: Workspace, operand: string): string | null {
  const m = CALL.exec(operand);
  if (m === null) return null;
  const [qualifier, name] = [(m[1] ?? '').slice(0, -1), m[2] ?? ''];
  // A function of an imported package: its result where it is declared (`fmt.Sprint(x)`: string).
  if (qualifier !== '' && !qualifier.includes('.') && src.imports.has(qualifier)) return callResultType(record, src, ws, operand, 0, false) ?? null;
  const method = qualifier !== '' || operand.startsWith('(');
  // A method of a receiver whose type the source declares (`p.get(hit)`, p *Metrics): that type's.
  const receiver = method && IDENTIFIER.test(qualifier) ? nameType(record, src, ws, qualifier)?.replace(/^\*/, '').replace(/\[.*\]$/, '') : undefined;
  const results = new Set<string>();
  for (const fn of ws.packageFunctions(unitOf(record))) {
    if (fn.closure || fn.result === undefined) continue;
    const dot = fn.name.lastIndexOf('.');
    if ((dot >= 0) !== method || fn.name.slice(dot + 1) !== name) continue;
    if (receiver !== undefined && receiver !== null && IDENTIFIER.test(receiver) && fn.name !== `${receiver}.${name}`) continue;
    results.add(fn.result);
  }
  return results.size === 1 ? ([...results][0] ?? null) : null;
}

/**
 * The declared type of a name a verdict's subject uses. At an inlined call (the position is a
 * call's `(`) the names belong to the callee's body, so they are looked up among the parameters
 * of the package's functions of that name (when exactly one type comes out); elsewhere in the
 * function around the position.
 */
function nameType(record: VerdictRecord, src: GoSource, ws: Workspace, name: string): string | null {
  if (record.line === null) return null;
  const column = record.column ?? 1;
  const callee = record.column !== null ? calleeAt(src, record.line, column) : null;
  if (callee === null) return localType(src, record.line, column, name);
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  const found = new Set<string>();
  for (const fn of ws.packageFunctions(unitOf(record))) {
    if (fn.closure || fn.name.slice(fn.name.lastIndexOf('.') + 1) !== last) continue;
    const type = fn.declaredTypes.get(name);
    if (type !== undefined) found.add(type);
  }
  return found.size === 1 ? ([...found][0] ?? null) : null;
}

/**
 * `r.Kind`: a method value or a field? When the receiver is a name whose declared type is a struct
 * of this package, its fields and methods say which; null when the receiver's type is not known.
 */
function receiverHasMethod(record: VerdictRecord, src: GoSource, ws: Workspace, index: LogIndex, final: boolean): boolean | 'unknown' | 'later' | null {
  const dot = record.subject.lastIndexOf('.');
  const receiver = record.subject.slice(0, dot);
  const name = record.subject.slice(dot + 1);
  if (!IDENTIFIER.test(receiver)) return null;
  const type = nameType(record, src, ws, receiver);
  if (type === null) return null;
  const typeName = type.replace(/^\*/, '').replace(/\[.*\]$/, '');
  const fieldOrMethod = (decls: PackageDeclarations, t: string): boolean | null => {
    const isField = decls.typeFields.get(t)?.has(name) === true;
    const isMethod = decls.typeMethods.get(t)?.has(name) === true || decls.typeMethods.get(`*${t}`)?.has(name) === true;
    return isField === isMethod ? null : isMethod;
  };
  const qualified = typeName.indexOf('.');
  if (qualified < 0) return fieldOrMethod(ws.packageDeclarations(unitOf(record)), typeName);
  // Another package's type (`pipeline.Tagger`): its package's declarations, when the log has them;
  // what this package declares says nothing of it (`sql.NullString`).
  // The log's packages are known only once it is complete: cmd/go prints them in any order, and
  // the answer must not depend on whether that package came first.
  if (!final) return 'later';
  const [qualifier, bare] = [typeName.slice(0, qualified), typeName.slice(qualified + 1)];
  for (const unit of unitsNamed(qualifier, index, ws)) {
    const answer = fieldOrMethod(ws.packageDeclarations(unit), bare);
    if (answer !== null) return answer;
  }
  return 'unknown';
}

/** The names a package at an import path is likely to declare: importName's, and without a `go-` / `-go` / `.go` decoration. */
function packageNameGuesses(importPath: string): string[] {
  const name = importName(importPath);
  return [name, name.replace(/\.go$/, ''), name.replace(/^go-/, ''), name.replace(/-go$/, '')];
}

/**
 * Whether the record names another package's type (`pkg.T{...}`, `pkg.T(1)`) that only the log's
 * units can tell, not the package the file imports: the answer then depends on which units have
 * been seen, so the record waits for the whole log.
 */
function needsLoggedType(record: VerdictRecord, ws: Workspace): boolean {
  const name = COMPOSITE_TYPE.exec(record.subject)?.[1] ?? CONSTANT_CONVERSION.exec(record.subject)?.[1];
  return name !== undefined && name.includes('.') && importedType(name, record, ws) === null;
}

/** What `pkg.T` is declared as in the package the record's file imports as `pkg` (or the standard library's); null when not found there. */
function importedType(name: string, record: VerdictRecord, ws: Workspace): string | null {
  const dot = name.indexOf('.');
  const dir = ws.importedDir(record, name.slice(0, dot), true);
  return dir === null ? null : ws.typeInDir(dir, name.slice(dot + 1));
}

/**
 * The facts of one verdict, or null when they need the whole log (`inlinedPackageDeclares`,
 * needsLoggedType) and `final` says the log is not complete yet.
 */
function factsFor(record: VerdictRecord, index: LogIndex, ws: Workspace, final: boolean): RecordFacts | null {
  if (!final && needsLoggedType(record, ws)) return null;
  const src = ws.source(record.file, record.package);
  const line = record.line ?? 0;
  const column = record.column ?? 1;
  const unit = unitOf(record);
  // A string concatenation and its interface box share one position and one printed subject; the
  // block whose own flow is the `(interface-converted)` edge into the box is the operand, not the box.
  const boxed = index.boxed.has(`${posKey(unit, record.file, record.line, record.column)}|${record.subject}`) && !feedsOwnBox(record);
  let methodValue: boolean | null = null;
  let declared: boolean | 'unknown' | 'later' | null;
  if (parseSubject(record.subject).form === 'selector') {
    const receiver = record.subject.slice(0, record.subject.lastIndexOf('.')).replace(/^\((.*)\)$/, '$1');
    if (index.methodValues.has(`${unit}|${record.subject}`)) methodValue = true;
    else if (index.boundReceivers.has(`${unit}|${record.file ?? ''}|${record.line ?? ''}|${receiver}`)) methodValue = true;
    else if (boxed) methodValue = false;
    // A call's result (`(~r0).Addr`) has a type the source does not name here: only the
    // compiler's binding of it says method value, not a method of that name somewhere.
    else if (record.subject.startsWith('(')) methodValue = null;
    else if (src !== null && inlinedVariable(record, src)) methodValue = false;
    else if ((declared = src === null ? null : receiverHasMethod(record, src, ws, index, final)) !== null) {
      if (declared === 'later') return null;
      // Decided by the receiver's declared type, or left unknown when that type is another package's.
      methodValue = declared === 'unknown' ? null : declared;
    }
    // Where no type says: a method value put in a `...` of interfaces is converted there (its flow
    // says `interface-converted`); a field's value is stored in the slice as it is.
    else if (unconvertedVariadicElement(record)) methodValue = false;
    else if (onlyAMethod(ws.packageDeclarations(unit), selectorName(record.subject))) methodValue = true;
    else if (!final) return null;
    else if (inlinedPackageDeclares(index, ws, record.subject)) methodValue = true;
  }
  const fn = src !== null ? enclosingFunction(src, line, column) : null;
  const m1Variable = record.kind === 'moved-to-heap' && !explained(record) && src !== null && fn !== null;
  // Asked by several rules of one record: computed once.
  let literalKind: 'slice' | 'map' | null | undefined;
  let isStatic: boolean | undefined;
  let copying: 'string-conversion' | 'bytes-conversion' | 'runes-conversion' | null | undefined;
  const ownCallee = src !== null && record.line !== null && record.column !== null ? calleeAt(src, record.line, record.column) : null;
  let inlinedBody: boolean | undefined;
  let spread: boolean | undefined;
  return {
    boxed,
    methodValue,
    tokenAt: (step: FlowStep) => {
      if (step.line === null || step.column === null) return null;
      const s = ws.source(step.file, record.package);
      return s === null ? null : tokenTextAt(s, step.line, step.column);
    },
    calleeAt: (step: FlowStep) => {
      if (step.line === null || step.column === null) return null;
      // At the call whose inlined body made the record, that body's call is the printed one
      // (`panic("nil context")`), not the call the source writes there (`r.WithContext`).
      if (step.line === record.line && step.column === record.column && step.file === record.file && ownCallee !== null && (inlinedBody ??= madeByInlinedBody(record, ownCallee))) return null;
      const s = ws.source(step.file, record.package);
      return s === null ? null : calleeAt(s, step.line, step.column);
    },
    statementKeyword: src !== null ? statementKeyword(src, line, column) : null,
    sumKind: parseSubject(record.subject).form === 'concatenation' ? sumKind(record, src, ws) : null,
    namedResults: fn?.namedResults ?? [],
    capturedInClosure: m1Variable ? referencedInClosure(src, fn, record.subject) : null,
    capturedByLoopBody: record.kind === 'moved-to-heap' ? capturedByLoopBody(record, ws) : null,
    movedToHeap: (name: string) => {
      const moved = index.moved.get(`${unit}|${name}`);
      if (moved === undefined) return false;
      const own = outerFunction(record, ws);
      return own !== null && moved.some((m) => outerFunction(m, ws) === own);
    },
    addressTaken: m1Variable ? addressTaken(src, fn, record.subject) : null,
    literalKind: () => (literalKind === undefined ? (literalKind = compositeLiteralKind(record, index, ws)) : literalKind),
    staticValue: () => (isStatic === undefined ? (isStatic = staticValue(record, src, index, ws)) : isStatic),
    staticClosure: () => {
      if (src === null || record.subject !== 'func literal' || record.line === null || record.column === null) return false;
      const lit = src.functions.find((f) => f.closure && f.line === record.line && f.column === record.column);
      // A literal inlined from another function (the source writes a call there) has its
      // captures printed at the call: none there, it captures nothing (`dep.Hook()`).
      if (lit === undefined) return record.noCaptureLines === true && calleeAt(src, record.line, record.column) !== null;
      return !literalCaptures(src, lit, (name) => declaredTypeOf(name, record, index, ws)?.startsWith('struct') === true);
    },
    namedMakeKind: () => {
      const subject = parseSubject(record.subject);
      if (subject.form !== 'make' || subject.makeKind !== 'named' || subject.makeType === undefined) return null;
      const declared = declaredTypeOf(subject.makeType.replace(/\[.*\]$/, ''), record, index, ws);
      return declared === null ? null : declared.startsWith('[]') ? 'slice' : declared.startsWith('map[') ? 'map' : declared.startsWith('chan') ? 'chan' : null;
    },
    spreadIntoAppend: () =>
      (spread ??=
        record.subject.startsWith('make(') &&
        (index.spreadMakes.has(`${posKey(unitOf(record), record.file, record.line, record.column)}|${record.subject.replace(/\s+/g, '')}`) ||
          (src !== null && record.line !== null && record.column !== null && (spreadIntoAppend(src, record.line, record.column) || spreadInCallee(record, src, ws))))),
    copyingConversion: () => (copying === undefined ? (copying = src === null ? null : copyingConversion(record, src, ws)) : copying),
    staticBox: () => {
      const form = parseSubject(record.subject).form;
      if (src !== null && form === 'selector' && methodValue !== true) {
        // An inlined function's parameter, or a field: the package's one type for fields of that name.
        const type = inlinedParameterType(record, src, ws) ?? ws.packageDeclarations(unit).fields.get(selectorName(record.subject)) ?? null;
        if (type !== null) return STATIC_BOX_TYPES.has(resolvedType(type, record, ws, false) ?? '');
        // A variable of an imported package (`binary.BigEndian`, of the empty struct bigEndian).
        const variable = importedVariableType(record, src, ws);
        return variable !== null && STATIC_BOX_TYPES.has(variable);
      }
      if (src === null || (form !== 'value' && form !== 'conversion')) return false;
      const type = valueType(record, src, ws, index, record.subject, 0);
      // Another package's named type is not looked up for this (a `pkg.T(x)` conversion's):
      // the results of its functions are, where they are declared (callResultType).
      return type !== null && STATIC_BOX_TYPES.has(resolvedType(type, record, ws, false) ?? '');
    },
  };
}

/**
 * The type of a value as written or printed, for the few shapes whose type the source says
 * without type checking: a name (declared with its type, or by `:=` from such a value), a
 * conversion `T(x)`, a call of the package's function with one result, a type assertion, an
 * element `s[i]` of a string, slice or array, a comparison or negation (bool), and arithmetic
 * whose operands agree (`pb & 0xe0`, `(r[i] >> 4) & 0x0f`). Null otherwise.
 */
function valueType(record: VerdictRecord, src: GoSource, ws: Workspace, index: LogIndex, text: string, depth: number): string | null {
  const expr = text.trim();
  // The compiler's own names (`<node unsafe.String>`, `.autotmp_1`) say nothing of a type.
  if (depth > 4 || expr === '' || COMPILER_NAME.test(expr)) return null;
  if (IDENTIFIER.test(expr)) {
    const declared = nameType(record, src, ws, expr);
    if (declared !== null || record.line === null) return declared;
    // A type switch's variable in a clause of one type.
    const clause = typeSwitchClauseType(src, record.line, record.column ?? 1, expr);
    if (clause !== null) return clause;
    const init = localInitializer(src, record.line, record.column ?? 1, expr);
    if (init !== null) return valueType(record, src, ws, index, init, depth + 1);
    // One of several results of a call (`b, err := strconv.ParseBool(s)`).
    const multi = multiInitializer(src, record.line, record.column ?? 1, expr);
    if (multi !== null) return callResultType(record, src, ws, multi.call, multi.index, true) ?? null;
    // A range loop's value: an element of what it ranges over (a string's are runes).
    const ranged = rangedOver(src, record.line, record.column ?? 1, expr);
    if (ranged !== null) return elementType(valueType(record, src, ws, index, ranged, depth + 1), record, ws, 'rune', true);
    // A package-level variable: the package's declarations, read last (all its files are scanned).
    return ws.packageDeclarations(unitOf(record)).values.get(expr) ?? null;
  }
  const ops = topLevelOperators(expr);
  if (ops === null) return null;
  if (ops.length > 0) {
    if (ops.some((o) => COMPARISONS.has(o.op))) return 'bool';
    // Operands, but not the counts of shifts; constants take the others' type.
    const types = new Set<string | null>();
    let from = 0;
    let afterShift = false;
    for (const o of [...ops, { op: '', at: expr.length }]) {
      const operand = expr.slice(from, o.at).trim();
      if (!afterShift && !/^(?:[0-9][0-9a-fA-FxXoObB_.]*|'(?:[^'\\]|\\.)+')$/.test(operand)) types.add(valueType(record, src, ws, index, operand, depth + 1));
      afterShift = o.op === '<<' || o.op === '>>';
      from = o.at + o.op.length;
    }
    return types.size === 1 ? ([...types][0] ?? null) : null;
  }
  if (expr.startsWith('(') && expr.endsWith(')') && matchingParen(expr, 0) === expr.length - 1) return valueType(record, src, ws, index, expr.slice(1, -1), depth + 1);
  if (expr.startsWith('!')) return 'bool';
  // `T(x)`: T, a type when it resolves to one (resolvedType); a function's name resolves to none.
  const conversion = /^((?:[\p{L}_][\p{L}\p{N}_]*\.)?[\p{L}_][\p{L}\p{N}_]*)\(/u.exec(expr)?.[1];
  if (conversion !== undefined && expr.endsWith(')') && matchingParen(expr, conversion.length) === expr.length - 1) {
    // A call of a function of the package, or of a package the file imports: its one result's type.
    const fn = ws.scannedFunction(unitOf(record), conversion);
    if (fn !== null) return fn.result ?? null;
    const called = conversion.includes('.') ? callResultType(record, src, ws, expr, 0, false) : undefined;
    return called === undefined ? conversion : called;
  }
  // A type assertion: the asserted type.
  const asserted = /^.+\.\(([^()]+)\)$/u.exec(expr)?.[1];
  if (asserted !== undefined && asserted !== 'type') return asserted;
  // A field (`flag.Shorthand`): the package's one type for fields of that name.
  if (/^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)+$/u.test(expr)) return ws.packageDeclarations(unitOf(record)).fields.get(selectorName(expr)) ?? null;
  const element = /^(.+)\[([^[\]:]+)\]$/u.exec(expr);
  if (element !== null && !(element[1] ?? '').endsWith('map')) {
    return elementType(valueType(record, src, ws, index, element[1] ?? '', depth + 1), record, ws, 'byte', false);
  }
  return null;
}

/**
 * The type of an element of a value of type `of`: of a slice or array (and with `maps`, a map) as
 * declared, of a string `ofString` (its index is a byte, its range value a rune); null when not known.
 */
function elementType(of: string | null, record: VerdictRecord, ws: Workspace, ofString: 'byte' | 'rune', maps: boolean): string | null {
  const under = of === null ? null : resolvedType(of, record, ws);
  if (under === 'string') return ofString;
  const element = under === null ? null : /^(?:\[\]|\[[0-9]+\]|(map)\[[^\]]+\])(.+)$/u.exec(under);
  return element === null || (element[1] !== undefined && !maps) ? null : (element[2] ?? null);
}

/**
 * The type of result `index` of the call `call` (`f(x)`, `pkg.F(x)`) as its function declares it:
 * a function of the package, or of a package the file imports (read where it is declared, the
 * standard library's or the module's; its named types followed there). `several`: the call has
 * more than one result, else exactly one. Undefined when `pkg.F` is no function of that package
 * (a conversion to `pkg.T`), null when the type is not known.
 */
function callResultType(record: VerdictRecord, src: GoSource, ws: Workspace, call: string, index: number, several: boolean): string | null | undefined {
  const callee = /^(?:([\p{L}_][\p{L}\p{N}_]*)\.)?([\p{L}_][\p{L}\p{N}_]*)\(/u.exec(call);
  if (callee === null) return null;
  const [qualifier, name] = [callee[1], callee[2] ?? ''];
  const pick = (fn: GoFunction): string | null => (several ? (fn.results?.[index] ?? null) : fn.results === undefined ? (fn.result ?? null) : null);
  if (qualifier === undefined) {
    const fn = ws.scannedFunction(unitOf(record), name);
    return fn === null ? null : pick(fn);
  }
  // A method call (`r.Read(b)`) says nothing here: only an imported package's function.
  const dir = src.imports.has(qualifier) ? ws.importedDir(record, qualifier, false) : null;
  if (dir === null) return several ? null : undefined;
  const fns = ws.functionsNamed(dir, name).filter(({ fn }) => fn.name === name);
  if (fns.length === 0) return several ? null : undefined;
  const types = new Set(fns.map(({ fn }) => pick(fn)));
  const type = types.size === 1 ? ([...types][0] ?? null) : null;
  return type === null ? null : ws.writtenTypeInDir(dir, type);
}

/**
 * What the type of `pkg.V`, a package-level variable of a package the file imports, is declared
 * as where it is (through that package's named types); null when not known.
 */
function importedVariableType(record: VerdictRecord, src: GoSource, ws: Workspace): string | null {
  const parts = record.subject.split('.');
  if (parts.length !== 2 || !src.imports.has(parts[0] ?? '')) return null;
  const dir = ws.importedDir(record, parts[0] ?? '', false);
  const type = dir === null ? null : ws.varTypeInDir(dir, parts[1] ?? '');
  if (dir === null || type === null) return null;
  return ws.writtenTypeInDir(dir, type);
}

/**
 * The type of `errs.c`, the parameter `c` of another package's function inlined at the record's
 * position (the call `errs.Box(b)`): that function's declared type of `c`, read where it is
 * declared, through the package's named types. Null when not known.
 */
function inlinedParameterType(record: VerdictRecord, src: GoSource, ws: Workspace): string | null {
  const parts = record.subject.split('.');
  if (parts.length !== 2 || record.line === null || record.column === null || record.file === null) return null;
  const [qualifier, name] = [parts[0] ?? '', parts[1] ?? ''];
  const callee = calleeAt(src, record.line, record.column);
  const dir = callee !== null && callee.startsWith(`${qualifier}.`) ? ws.importedDir(record, qualifier, false) : null;
  if (callee === null || dir === null) return null;
  const types = new Set(ws.functionsNamed(dir, lastSegment(callee)).map(({ fn }) => fn.declaredTypes.get(name) ?? null));
  const type = types.size === 1 ? ([...types][0] ?? null) : null;
  return type === null ? null : ws.writtenTypeInDir(dir, type);
}

/**
 * What a written type is: itself when predeclared or spelled out (`[]byte`), else what a
 * declaration in its file or its package's directory says, through other named types; null when
 * not known (a function's name: `f(x)` is a call). Cheaper than declaredTypeOf: no package's
 * files are scanned for it, so a type another test file declares is not known.
 */
function resolvedType(type: string, record: VerdictRecord, ws: Workspace, qualified = true): string | null {
  if (isBasicType(type) || !/^(?:[\p{L}_][\p{L}\p{N}_]*\.)?[\p{L}_][\p{L}\p{N}_]*$/u.test(type)) return type;
  const near = record.file === null ? null : ws.resolve(record.file, record.package).absolute;
  const dot = type.indexOf('.');
  if (near === null || (dot >= 0 && !qualified)) return null;
  // The directory's files as text (a test file's own types from its scan: the directory's are not test files').
  if (dot < 0) {
    if (ws.scannedFunction(unitOf(record), type) !== null) return null;
    return ws.typeInDir(path.dirname(near), type) ?? (near.endsWith('_test.go') || !ws.listsFiles ? ws.typeInFile(near, type) : null);
  }
  const dir = ws.importedDir(record, type.slice(0, dot), true);
  return dir === null ? null : ws.typeInDir(dir, type.slice(dot + 1));
}

const COMPARISONS: ReadonlySet<string> = new Set(['==', '!=', '<=', '>=', '<', '>', '&&', '||']);

/** The binary operators of an expression outside its brackets and quotes, in order; null for text that does not parse so. */
function topLevelOperators(expr: string): { op: string; at: number }[] | null {
  const out: { op: string; at: number }[] = [];
  let depth = 0;
  let operand = false;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i] ?? '';
    if (c === '"' || c === "'" || c === '`') {
      const end = c === '`' ? expr.indexOf('`', i + 1) : closingQuote(expr, i);
      if (end < 0) return null;
      i = end;
      operand = true;
    } else if ('([{'.includes(c)) {
      depth += 1;
    } else if (')]}'.includes(c)) {
      if (--depth < 0) return null;
      operand = true;
    } else if (c === ' ') {
      continue;
    } else if (depth === 0 && '+-*/%&|^<>=!'.includes(c)) {
      const op = ['&^', '<<', '>>', '==', '!=', '<=', '>=', '&&', '||', '<-'].find((o) => expr.startsWith(o, i)) ?? c;
      if (op === '<-') return null;
      // A sign or a `*`/`&` in front of an operand is unary.
      if (operand) out.push({ op, at: i });
      i += op.length - 1;
      operand = false;
    } else if (depth === 0) {
      operand = true;
    }
  }
  return depth === 0 ? out : null;
}

function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === text[open]) return i;
  }
  return -1;
}

/** Index of the `)` that closes the `(` at `open`; -1 when none. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

/**
 * A make printed at a call the compiler inlined (`makeStrings(…)`, `slices.Grow(…)`) is spread
 * into an append in the callee's body, which is read where the callee is declared (the file's
 * directory, or the imported package's).
 */
function spreadInCallee(record: VerdictRecord, src: GoSource, ws: Workspace): boolean {
  if (record.line === null || record.column === null || record.file === null) return false;
  const callee = calleeAt(src, record.line, record.column);
  const abs = ws.resolve(record.file, record.package).absolute;
  // At its own `(`, a make is no callee's.
  if (callee === null || abs === null || callee === 'make') return false;
  const dot = callee.lastIndexOf('.');
  const [qualifier, name] = [callee.slice(0, Math.max(dot, 0)), callee.slice(dot + 1)];
  // A method (`b.WriteString`) or a function of the file's package is declared beside it.
  const dir = qualifier !== '' && !qualifier.includes('.') && src.imports.has(qualifier) ? ws.importedDir(record, qualifier, false) : path.dirname(abs);
  if (dir === null) return false;
  const printed = record.subject.replace(/\s+/g, '');
  return ws.functionsNamed(dir, name).some(({ src: body, fn }) => {
    const makes = makesIn(body, fn);
    // As written; a generic body's make is printed with its shape and qualified names
    // (`make([]go.shape.uint8, slices.n)`): then only a body's one make can be this one.
    return makes.some((m) => m.spread && m.text === printed) || (makes.length === 1 && makes[0]?.spread === true);
  });
}

/** `T(x)` of a type the package declares, its operand a name, a call, a string literal or a selector. */
const NAMED_CONVERSION = /^([\p{L}_][\p{L}\p{N}_]*)\((.+)\)$/u;

/** RecordFacts.copyingConversion: the copy a conversion to a named string or slice type makes, from the two types. */
function copyingConversion(record: VerdictRecord, src: GoSource, ws: Workspace): 'string-conversion' | 'bytes-conversion' | 'runes-conversion' | null {
  if (parseSubject(record.subject).form !== 'conversion') return null;
  const m = NAMED_CONVERSION.exec(record.subject);
  if (m === null) return null;
  const [name, operand] = [m[1] ?? '', (m[2] ?? '').trim()];
  // A basic type's conversion has its own form (`string(b)`) or copies nothing (`uint32(n)`).
  if (isBasicType(name)) return null;
  const kind = (type: string | null): string | null => {
    const under = type === null ? null : IDENTIFIER.test(type) && !isBasicType(type) ? (resolvedType(type, record, ws) ?? type) : type;
    return under === 'string' ? 'string' : under === '[]byte' || under === '[]uint8' ? 'bytes' : under === '[]rune' || under === '[]int32' ? 'runes' : null;
  };
  // The type first, from its package's directory: most calls printed so call a function.
  const to = kind(resolvedType(name, record, ws));
  if (to === null) return null;
  const of = kind(operand.startsWith('"') || operand.startsWith('`') ? 'string' : operandType(record, src, ws, operand));
  if (to === 'string' && (of === 'bytes' || of === 'runes')) return 'string-conversion';
  if (to === 'bytes' && of === 'string') return 'bytes-conversion';
  if (to === 'runes' && of === 'string') return 'runes-conversion';
  return null;
}

/** The declared type of an operand as the subject prints it: a name, a field, or a call of the package's functions. */
function operandType(record: VerdictRecord, src: GoSource, ws: Workspace, operand: string): string | null {
  const decls = ws.packageDeclarations(unitOf(record));
  if (IDENTIFIER.test(operand)) return nameType(record, src, ws, operand) ?? decls.values.get(operand) ?? null;
  if (/^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)+$/u.test(operand)) return decls.fields.get(selectorName(operand)) ?? null;
  return callResult(record, src, ws, operand);
}

/** `T(c)` and `pkg.T(c)` for a constant c. */
const CONSTANT_CONVERSION = /^((?:[\p{L}_][\p{L}\p{N}_]*\.)?[\p{L}_][\p{L}\p{N}_]*)\((-?[0-9][0-9a-fA-FxXoObB_.+-]*i?|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)+'|true|false)\)$/u;

/** RecordFacts.staticValue. */
function staticValue(record: VerdictRecord, src: GoSource | null, index: LogIndex, ws: Workspace): boolean {
  const form = parseSubject(record.subject).form;
  if (form === 'composite-value') {
    // Only a struct or array: a map literal (`url.Values{}`) is a map, allocated.
    const kind = record.subject.startsWith('[') || record.subject.startsWith('struct') ? record.subject.slice(0, record.subject.indexOf('{')) : compositeDeclared(record, index, ws);
    if (kind === null || !/^(?:struct\b|\[[^\]]+\])/.test(kind)) return false;
    // The compiler prints a literal with no elements as `T{}`: the zero value.
    if (record.subject.endsWith('{}')) return true;
    // Literals in fields of an interface type are boxed into them: only fields of basic types.
    if (!basicElements(record, kind, ws)) return false;
    return src !== null && record.line !== null && record.column !== null && constantLiteralAt(src, record.line, record.column);
  }
  if (form !== 'conversion') return false;
  const name = CONSTANT_CONVERSION.exec(record.subject)?.[1];
  // A call with a constant argument prints alike: only a declared type makes it a conversion, and
  // only a basic one a constant (`Bytes("b")` of `type Bytes []byte` copies the string).
  if (name === undefined) return false;
  const declared = declaredTypeOf(name, record, index, ws);
  if (declared !== null) return isBasicType(declared);
  // A type not found (a dependency's): where the source writes a name (`regexp2.None`) and the
  // compiler prints `T(0)`, it printed the constant's value; a call or conversion is written so.
  if (src === null || record.line === null || record.column === null) return false;
  const written = writtenExpressionAt(src, record.line, record.column);
  return written !== null && /^(?:[\p{L}_][\p{L}\p{N}_]*\.)?[\p{L}_][\p{L}\p{N}_]*$/u.test(written);
}

/**
 * Whether every element of a literal of this struct or array type (`kind`, as declared) has a
 * basic type: an array's element type, or the declared fields of a struct of the record's own
 * package. Null-safe: false whenever a type is not known.
 */
function basicElements(record: VerdictRecord, kind: string, ws: Workspace): boolean {
  const array = /^\[[^\]]+\](.+)$/.exec(kind);
  if (array !== null) return isBasicType(array[1] ?? '');
  const name = COMPOSITE_TYPE.exec(record.subject)?.[1];
  if (name === undefined || name.includes('.')) return false;
  const decls = ws.packageDeclarations(unitOf(record));
  const fields = decls.typeFields.get(name);
  return fields !== undefined && fields.size > 0 && [...fields].every((f) => isBasicType(decls.fields.get(f) ?? ''));
}

/** What the type `name` (maybe qualified) a record names is declared as; null when not known. */
function declaredTypeOf(name: string, record: VerdictRecord, index: LogIndex, ws: Workspace): string | null {
  // The units known so far are part of the question: a later package's section can answer it.
  return ws.remember(`${index.units.size}\u0000${unitOf(record)}\u0000${record.file ?? ''}\u0000${name}`, () => lookUpDeclaredType(name, record, index, ws));
}

function lookUpDeclaredType(name: string, record: VerdictRecord, index: LogIndex, ws: Workspace): string | null {
  const dot = name.indexOf('.');
  if (dot < 0) return ws.declaredType(unitOf(record), name, record.file === null ? null : ws.resolve(record.file, record.package).absolute);
  // Another package's type: declared in the package the file imports by that name (the standard
  // library's, the module's: `context.backgroundCtx`, `chroma.Rules`), read where it is; else in a
  // unit of that package's name in the log (code inlined from a package the file does not
  // import). The log's units come second: which of them have been seen depends on the order cmd/go
  // printed the packages in.
  const inDir = importedType(name, record, ws);
  if (inDir !== null) return inDir;
  const [qualifier, typeName] = [name.slice(0, dot), name.slice(dot + 1)];
  for (const unit of unitsNamed(qualifier, index, ws)) {
    const declared = ws.declaredType(unit, typeName, null);
    if (declared !== null) return declared;
  }
  return null;
}

/** `T` of `T{...}`, `pkg.T{...}` and `T[int]{...}`, with the qualifier; null for other subjects. */
// Type arguments may hold braces and brackets of their own (`queue[go.shape.interface {}]{}`, `node[[]byte]`).
const COMPOSITE_TYPE = /^((?:[\p{L}_][\p{L}\p{N}_]*\.)?[\p{L}_][\p{L}\p{N}_]*)(?:\[(?:[^{}[\]]|\{[^{}]*\}|\[[^\]]*\])*\])?\{/u;

/** RecordFacts.literalKind: the named type of a composite value, looked up where it is declared. */
function compositeLiteralKind(record: VerdictRecord, index: LogIndex, ws: Workspace): 'slice' | 'map' | null {
  if (parseSubject(record.subject).form !== 'composite-value') return null;
  const declared = compositeDeclared(record, index, ws);
  if (declared === null) return null;
  return declared.startsWith('[]') ? 'slice' : declared.startsWith('map[') ? 'map' : null;
}

/** What the named type of a composite value (`T{...}`) is declared as; null when not known. */
function compositeDeclared(record: VerdictRecord, index: LogIndex, ws: Workspace): string | null {
  const name = COMPOSITE_TYPE.exec(record.subject)?.[1];
  return name === undefined ? null : declaredTypeOf(name, record, index, ws);
}

/**
 * The function a verdict belongs to, closures and range-over-func bodies counted as the function
 * that holds them: the compiler's name from the log (`(*T).M.func1`, `F-range1`), else the one
 * the source gives for its position; written as the source scanner writes names (`T.M`).
 */
function outerFunction(record: VerdictRecord, ws: Workspace): string | null {
  let name = record.function ?? record.explanations[0]?.function ?? null;
  if (name === null) {
    const src = ws.source(record.file, record.package);
    name = src === null || record.line === null ? null : (enclosingFunction(src, record.line, record.column ?? 1)?.name ?? null);
  }
  if (name === null) return null;
  return withoutTypeArguments(name)
    .replace(/^\(\*?([^)]+)\)/, '$1')
    .replace(/(?:\.func\d|-range\d|\.gowrap\d|\.deferwrap\d).*$/, '');
}

/** `(*List[go.shape.int]).Push` → `(*List).Push`: instantiations nest brackets (`[go.shape.[]int]`). */
function withoutTypeArguments(name: string): string {
  let out = '';
  let depth = 0;
  for (const c of name) {
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += c;
  }
  return out;
}

/** RecordFacts.capturedByLoopBody: where the explanation says the variable is captured, read in the source. */
function capturedByLoopBody(record: VerdictRecord, ws: Workspace): boolean | null {
  for (const flow of record.flows) {
    for (const step of flow.steps) {
      if (step.why !== 'captured by a closure' || step.line === null || step.column === null) continue;
      const src = ws.source(step.file, record.package);
      const fn = src === null ? null : enclosingFunction(src, step.line, step.column);
      if (src === null || fn === null) return null;
      // Outside every func literal of the source, a range-over-func loop's body is the closure;
      // anywhere else it is an inlined func literal's, printed at its call.
      return !fn.closure && insideRangeLoop(src, fn, step.line, step.column);
    }
  }
  return null;
}

/** Types whose every value the compiler boxes from static data: one byte or less. */
const STATIC_BOX_TYPES: ReadonlySet<string> = new Set(['bool', 'byte', 'uint8', 'int8', 'struct{}']);

/** Variables and parameters are reported at their declaration: underline the name only. */
function extentMode(record: VerdictRecord): 'expression' | 'identifier' {
  return record.kind === 'escapes-to-heap' || record.kind === 'does-not-escape' ? 'expression' : 'identifier';
}

function opsOf(derefs: number): string {
  return derefs < 0 ? '&' : '*'.repeat(derefs);
}

function mapFlow(record: VerdictRecord, ws: Workspace): FindingFlowStep[] {
  const first = record.flows[0];
  const flows = first === undefined ? [] : record.flows.filter((f) => f.block === first.block);
  const out: FindingFlowStep[] = [];
  // Each step is written as one literal, its fields always in this order: a spread
  // (`{ ...where(), message }`) gave every step a hidden class of its own (86,000 of them for
  // std linted as a repository), which costs memory and makes every later read of a step slow.
  const step = (file: string | null, line: number | null, column: number | null, message: string, why: FindingFlowStep['why']): FindingFlowStep => ({
    file: file === null ? null : ws.resolve(file, record.package).repoRelative,
    line,
    column,
    message,
    why,
  });
  for (const flow of flows) {
    const edge = `${flow.dst} ← ${opsOf(flow.derefs)}${flow.src}`;
    if (flow.steps.length === 0) {
      out.push(step(record.file, record.line, record.column, edge, null));
      continue;
    }
    for (const s of flow.steps) out.push(step(s.file, s.line, s.column, `${edge}: ${s.expr} (${s.why})`, s.why));
  }
  return out;
}

/** Strip generic instantiation brackets the compiler adds (`generic[go.shape.int]` → `generic`). */
/** A func literal at package level: `init.func3` (`glob..func3` before Go 1.22), and those nested in it. */
const PACKAGE_CLOSURE = /^(?:init\.func|glob\.\.func)\d+/;

/**
 * The source scanner numbers the func literals at package level within their file; the compiler
 * numbers them across the package's files. Where the compiler names the function (Go 1.25+
 * headers), its number is the one: `init.func1.1` in the second file is `init.func4.1`.
 */
function packageClosureName(scanned: string | null, record: VerdictRecord): string | null {
  if (scanned === null) return null;
  const own = PACKAGE_CLOSURE.exec(scanned)?.[0];
  const compiled = PACKAGE_CLOSURE.exec(record.function ?? record.explanations[0]?.function ?? '')?.[0];
  return own === undefined || compiled === undefined ? scanned : `${compiled}${scanned.slice(own.length)}`;
}

function plainFunctionName(name: string | null): string | null {
  if (name === null) return null;
  // A large package-level map literal is initialized by a function the compiler outlines
  // (`map.init.0`): the package's initialization, `init`, as a small one's is, so that a
  // finding's function and fingerprint do not change with the literal's size.
  if (/^map\.init\.\d+$/.test(name)) return 'init';
  return name.replace(/\[[^\]]*\]/g, '');
}

function normalizeSubject(subject: string): string {
  return subject.replace(/\s+/g, ' ').replace(/\.autotmp_\d+/g, '.autotmp').trim();
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

function siteKey(s: InlinedSite): string {
  return `${s.file}\u0000${s.line}\u0000${s.column ?? 0}`;
}

function compareSites(a: InlinedSite, b: InlinedSite): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return (a.column ?? 0) - (b.column ?? 0);
}

interface Pending {
  finding: Finding;
  /** Callee named at the finding's position when it is a call's `(` (the position of inlined code). */
  callSiteOf: string | null;
  /**
   * Where the callee's body can be, when the call says: `pkg.F(` names a function of the package
   * the file imports as `pkg`. Null: anywhere (a method call `x.F(`, whose receiver's type is
   * unknown here, a bare `F(`, or a generic function's own name).
   */
  calleeScope: { package: string } | null;
  /** `callSiteOf` is a func literal called where it is written (`func() {…}()`): only its own body qualifies. */
  literalCall?: true;
  /** The record's file as the compiler printed it (the key of the inlining records). */
  printedFile: string;
  /** The function the compiler compiled the record in (Go 1.25+ headers), or null. */
  compilerFunction: string | null;
  /** The expression its -m=2 explanation names (`append(buf, s...)` where the verdict says `append`), or null. */
  header: string | null;
  /** Compiled in another package's section (generic or inlined code of the file's package, its names qualified). */
  foreign?: true;
  /**
   * The subject as its own package's section prints it (normalizeSubject, the qualifier of a
   * foreign copy taken off: `make([]go.shape.int, len(c.items))` for `len(a.c.items)`): copies
   * of one allocation compare, and are fingerprinted, by it.
   */
  subjectKey: string;
}

/**
 * Where the callee of a call written `callee(` is declared, when the call says so: `pkg.F(` with
 * `pkg` an import of the file (see Pending.calleeScope). A bare `F(` says nothing: calleeAt gives
 * `F` for `x().F(` and `a[i].F(` too.
 */
function calleeScope(callee: string, src: GoSource): { package: string } | null {
  const parts = callee.split('.');
  const imported = parts.length === 2 ? src.imports.get(parts[0] ?? '') : undefined;
  return imported === undefined ? null : { package: imported };
}

/**
 * Whether a finding's function is declared in the package `importPath`. A generic function's
 * body is printed in the section of each package that instantiates it, so a finding in a
 * package's directory (`internal/moreiters/iters.go`) but of another package whose path does not
 * end in that directory's name is taken for that directory's package.
 */
function declaredIn(f: Finding, importPath: string): boolean {
  if (f.package === importPath) return true;
  const dir = f.file.slice(0, Math.max(0, f.file.lastIndexOf('/')));
  const dirName = dir.slice(dir.lastIndexOf('/') + 1);
  return dirName !== '' && dirName === importName(importPath) && f.package !== null && f.package !== dirName && !f.package.endsWith(`/${dirName}`);
}

/**
 * The one order of pending findings, so that which call sites merge where and which of several
 * alike findings is kept never depend on the order of the log's package sections (cmd/go
 * prints them as its parallel actions finish).
 */
function comparePending(a: Pending, b: Pending): number {
  return (
    compareFindings(a.finding, b.finding) ||
    compareStrings(a.callSiteOf ?? '', b.callSiteOf ?? '') ||
    compareStrings(JSON.stringify(a.finding), JSON.stringify(b.finding))
  );
}

function declaredNameAt(src: GoSource, line: number, column: number): string | null {
  const fn = src.functions.find((f) => !f.closure && f.line === line && f.column < column);
  return fn?.name ?? null;
}

/**
 * The qualifier (`ring.`) with which the record's names are printed when a generic function of
 * the source's package is compiled in another package's section (the one that instantiates it),
 * or null. Only where the record's own names show it (`it.#state1`, `graph.~r0`, or the
 * qualifier in a generic function's subject or flows, `append(ring.r.data, ring.v)`): a
 * package's own section never qualifies its names, and a command's `main.Pkg.Path()` is a
 * variable of the source.
 */
function ownQualifier(record: VerdictRecord, src: GoSource | null): string | null {
  const pkg = record.package ?? '';
  const section = pkg.slice(pkg.lastIndexOf('/') + 1);
  if (src?.packageName === null || src?.packageName === undefined || src.packageName === section) return null;
  // A file that imports a package of its own name (package roaring in BitSliceIndexing importing
  // roaring): the qualifier can be that package's, inlined here.
  if (src.imports.has(src.packageName)) return null;
  const qualifier = `${src.packageName}.`;
  if (record.subject.startsWith(qualifier) || record.flows.some((f) => f.dst.startsWith(qualifier) || f.src.startsWith(qualifier))) return qualifier;
  const fn = record.function ?? record.explanations[0]?.function ?? '';
  const generic = fn.includes('[');
  return generic && (qualifiedBy(record.subject, qualifier) || record.flows.some((f) => qualifiedBy(f.src, qualifier) || qualifiedBy(f.dst, qualifier))) ? qualifier : null;
}

/** Whether a name in the printed text starts with the qualifier (`ring.` in `len(ring.r.data)`). */
function qualifiedBy(text: string, qualifier: string): boolean {
  return text.includes(qualifier) && qualifierPatterns(qualifier).one.test(text);
}

/** The printed text with the qualifier taken off the names it starts. */
function unqualified(text: string, qualifier: string): string {
  return text.includes(qualifier) ? text.replace(qualifierPatterns(qualifier).all, '') : text;
}

/** Patterns by qualifier: a run asks about a few package names, for every record of their files. */
const QUALIFIER_PATTERNS = new Map<string, { one: RegExp; all: RegExp }>();

/** The qualifier where it starts a name: one (test) and all (replace, global). */
function qualifierPatterns(qualifier: string): { one: RegExp; all: RegExp } {
  let patterns = QUALIFIER_PATTERNS.get(qualifier);
  if (patterns === undefined) {
    const source = `(?<![\\p{L}\\p{N}_.])${qualifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=[\\p{L}_~#.])`;
    patterns = { one: new RegExp(source, 'u'), all: new RegExp(source, 'gu') };
    QUALIFIER_PATTERNS.set(qualifier, patterns);
  }
  return patterns;
}

/** The message with each `code span` passed through `f`. */
function inCodeSpans(message: string, f: (span: string) => string): string {
  return message
    .split('`')
    .map((part, i) => (i % 2 === 1 ? f(part) : part))
    .join('`');
}

/** Names only the compiler has: temporaries, results of inlined calls, and its internal nodes. */
const COMPILER_NAME = /\.autotmp_\d+|~[rR]\d+|<node [^>]+>/;

/** A method call printed as a method expression: `(*reflect.rtype).String(x)`, `reflect.Kind.String(k)` for `k.String()`. */
const METHOD_EXPRESSION_HEAD = /^(?:\(\*[^()]*\)|[\p{L}_][\p{L}\p{N}_]*\.[\p{L}_][\p{L}\p{N}_]*)\.([\p{L}_][\p{L}\p{N}_]*)\(/u;

/** The method a method expression's call calls (`String` of `(*reflect.rtype).String(x)`), or null. */
function methodExpression(printed: string): string | null {
  return printed.endsWith(')') ? (METHOD_EXPRESSION_HEAD.exec(printed)?.[1] ?? null) : null;
}

/** A number in printed text, maybe a constant the compiler folded (`make([]byte, n * 8)` for `n*wordBytes`). */
const FOLDED_NUMBER = /(?<![\p{L}\p{N}_.])\d/u;

/** A number converted to a named type, as the compiler prints a typed constant (`State(3)`, `tracev2.ProcStatus(3)`). */
const CONVERTED_NUMBER = /^[\p{L}_][\p{L}\p{N}_.]*\(-?\d[\w.]*\)$/u;

/** How a message names the compiler's text beside the source's (`x` (printed as `y`)). */
const PRINTED_AS = '(printed as ';

/** What writtenAs puts in place of a shape type before it compares. */
const SHAPE_PLACEHOLDER = '\u0001';

/** The longest printed text writtenAs compares (shape types spelled out can be long: a struct's fields). */
const MAX_WRITTEN_AS = 2000;

/**
 * Whether the source text can be what the compiler printed: equal but for the compiler's own names
 * and shape types, each standing for some source text, and for spaces.
 */
function writtenAs(printed: string, source: string): boolean {
  // Source written at a position is short (writtenExpressionAt's limit); a printed text far
  // longer cannot be it, and would make a pattern too large to compile.
  if (printed.length > MAX_WRITTEN_AS) return false;
  const squash = (t: string): string => t.replace(/\s+/g, '');
  // `recv.M(args)` is what the method expression `(*T).M(recv, args)` calls.
  const method = methodExpression(printed);
  if (method !== null && new RegExp(`\\.${method}\\(.*\\)$`, 'su').test(squash(source))) return true;
  // The compiler parenthesizes what the source need not: `(~r0).Data`, `(~r0) + 1`, `([]byte)(x)`.
  // A shape type stands for what the source writes for its type parameter (`T`, `[]E`).
  const printedBare = squash(replaceShapes(printed, SHAPE_PLACEHOLDER))
    .replace(/\((\.autotmp_\d+|~[rR]\d+)\)/g, '$1')
    .replace(/\((\[\][\p{L}\p{N}_.]+)\)\(/gu, '$1(');
  const parts = printedBare.split(SHAPE_PLACEHOLDER).flatMap((part) => part.split(/\.autotmp_\d+|~[rR]\d+|<node[^>]+>/));
  // A number may be a constant the compiler folded (`make([]go.shape.int, 0, 16)` for
  // `make([]K, 0, bufSize)`): it stands for a name or a number. A literal's elided elements
  // (`item[go.shape.int]{...}`) stand for any.
  const pattern = parts
    .map((p) =>
      p
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/(?<![\p{L}\p{N}_])\d+(?![\p{L}\p{N}_])/gu, '[\\w.]+')
        .split('\\{\\.\\.\\.\\}')
        .join('\\{.*\\}'),
    )
    .join('.+');
  return new RegExp(`^${pattern}$`, 's').test(squash(source));
}

/**
 * The source's words for a subject printed with the compiler's names: what the source writes at
 * the position when it has the printed text's shape; else, for one inlined call's result in it
 * (`([]byte)(~r0)`, printed at that call's `(`), the subject with the call written in; else, for a
 * temporary the compiler boxes at a `return` of one call (`return parseTime(v)` from a function
 * returning `(any, error)`), that call. Null when none fits.
 */
function sourceFor(printed: string, src: GoSource, line: number, column: number): string | null {
  if (printed.includes(ELIDED_ARGUMENTS)) return argumentsWritten(printed, src, line);
  // A composite literal, printed with its elements elided (`&node[go.shape.int]{...}`): its type
  // as written (`&node[T]`), with the elements elided as the compiler does (they may span lines).
  const elements = /\{(?:\.\.\.)?\}$/.exec(printed)?.[0];
  if (elements !== undefined) {
    const written = literalTypeWritten(src, line, column);
    // The backing store of `&queue[T]{}` is printed as `queue[…]{}`, at the same `{`.
    const head = written !== null && written.startsWith('&') && !printed.startsWith('&') ? written.slice(1) : written;
    if (head === null || !writtenAs(printed.slice(0, -elements.length), head)) return null;
    // An empty literal as the line writes it (`[]T{}`): nothing elided.
    return elements === '{}' && !inLine(`${head}{}`, src, line) ? null : `${head}${elements}`;
  }
  const written = writtenExpressionAt(src, line, column);
  if (written !== null && written.replace(/\s+/g, '') === printed.replace(/\s+/g, '')) return null;
  if (written !== null && !COMPILER_NAME.test(written) && writtenAs(printed, written)) return written;
  // A named constant the compiler printed as its value converted to its type (`State(3)` for `Running`).
  if (written !== null && CONVERTED_NUMBER.test(printed) && /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)?$/u.test(written)) return written;
  // One compiler name and what follows it (`.autotmp_2.String()` in `([]byte)(.autotmp_2.String())`)
  // written at the position (`ve.Type().String()`): that part written in.
  if (written !== null && !COMPILER_NAME.test(written)) {
    const part = compilerNameChain(printed);
    if (part !== null && part !== printed && writtenAs(part, written)) {
      const substituted = printed.replace(part, written);
      if (inLine(substituted, src, line)) return substituted;
    }
  }
  const results = printed.match(/~[rR]\d+/g) ?? [];
  const callee = calleeAt(src, line, column);
  // The call at the position is the result's, not the printed expression's own (`make(…, ~r0)` at make's `(`).
  const head = /^[(]*([\p{L}_][\p{L}\p{N}_.]*)/u.exec(printed)?.[1];
  if (written !== null && !COMPILER_NAME.test(written) && results.length === 1 && callee !== null && (head === undefined || lastSegment(head) !== lastSegment(callee))) {
    // `(~r0).Data` with the call written in needs no parentheses of its own.
    const substituted = printed.replace(/\((~[rR]\d+)\)(?=\.)/, '$1').replace(/~[rR]\d+/, written);
    // Only where the source writes it so (the result of a call inside the callee's inlined body,
    // `make([]byte, ~r0)` in hex.EncodeToString, is not).
    if (!COMPILER_NAME.test(substituted) && substituted.length <= 100 && inLine(substituted, src, line)) return substituted;
  }
  // Method calls printed as method expressions inside a larger expression
  // (`"G1" + (*curvePoint).String(p)`): written back as calls, when the line writes them so.
  const calls = methodCallsWritten(printed, src.lines[line - 1]);
  if (calls !== null && !COMPILER_NAME.test(calls) && inLine(calls, src, line)) return calls;
  if (/^\.autotmp_\d+$/.test(printed) && tokenTextAt(src, line, column) === 'return') {
    const returned = writtenExpressionAt(src, line, column + 'return '.length);
    if (returned !== null && /\)$/.test(returned) && !COMPILER_NAME.test(returned)) return returned;
  }
  return null;
}

/**
 * The type of the composite literal written at the position, with its `&` (`&node[T]`, from
 * `&node[T]{items: …}`): the line's text up to the `{` that opens its elements; null when the
 * line has none there.
 */
function literalTypeWritten(src: GoSource, line: number, column: number): string | null {
  const text = src.lines[line - 1] ?? '';
  // Columns count bytes: cut the line's UTF-8, not its UTF-16.
  const at = Buffer.from(text, 'utf8').subarray(0, column - 1).toString('utf8').length;
  // A literal without `&` is printed at its `{`, its type before it.
  if (text[at] === '{') {
    const head = literalTypeBefore(text, at);
    return head === '' ? null : head;
  }
  const rest = text.slice(at);
  let depth = 0;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === '{' && depth === 0) {
      const head = rest.slice(0, i).trim();
      return /^&?[\p{L}_[*]/u.test(head) && !/[\s,;=]/.test(head.replace(/\[[^\]]*\]/g, '')) ? head : null;
    }
    if (depth < 0) return null;
  }
  return null;
}

/** The type written before the `{` at `open` (`&Ring[T]`, `[]T`, `pkg.T`): names, selectors, `*`, `&` and brackets. */
function literalTypeBefore(text: string, open: number): string {
  let start = open;
  while (start > 0) {
    const c = text[start - 1] ?? '';
    if (c === ']') {
      const bracket = text.lastIndexOf('[', start - 1);
      if (bracket < 0) break;
      start = bracket;
    } else if (/[\p{L}\p{N}_.*&]/u.test(c)) start--;
    else break;
  }
  return text.slice(start, open);
}

/** Lines before a record's where a composite literal it names is looked for (literalWrittenNear). */
const NEAR_LINES = 15;

/**
 * A composite literal printed with its elements elided or none (`&Ring[go.shape.int]{...}`,
 * `&queue[go.shape.int]{}`), as the source writes its type on the record's line or the lines
 * just before it (`&Ring[T]{...}`):
 * only when every literal there that can be it is written alike; else null.
 */
function literalWrittenNear(printed: string, src: GoSource, line: number): string | null {
  const elements = printed.endsWith('{}') ? '{}' : '{...}';
  const head = printed.slice(0, -elements.length);
  let found: string | null = null;
  for (let l = Math.max(1, line - NEAR_LINES); l <= Math.min(src.lines.length, line); l++) {
    const text = src.lines[l - 1] ?? '';
    for (let open = text.indexOf('{'); open >= 0; open = text.indexOf('{', open + 1)) {
      const written = literalTypeBefore(text, open);
      if (written === '' || !writtenAs(head, written)) continue;
      if (found !== null && found !== written) return null;
      found = written;
    }
  }
  return found === null ? null : `${found}${elements}`;
}

/** A method expression of a pointer receiver, anywhere in a printed expression: `(*T).M(`. */
const POINTER_METHOD_EXPRESSION = /\(\*[\p{L}_][\p{L}\p{N}_.]*(?:\[[^\]]*\])?\)\.([\p{L}_][\p{L}\p{N}_]*)\(/u;

/**
 * Whether the printed text calls some `.M(` that the line calls too: without one, no method
 * expression in it can be a call the line writes (methodCallsWritten), and most texts have none.
 */
function callsAMethodOfLine(printed: string, lineOf: () => string): boolean {
  let lineText: string | null = null;
  for (let open = printed.indexOf('('); open >= 0; open = printed.indexOf('(', open + 1)) {
    let start = open;
    for (; start > 0; start--) {
      const c = printed.charCodeAt(start - 1);
      const nameChar = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c > 127;
      if (!nameChar) break;
    }
    // The line is asked for only here: a file's lines are split on first use.
    if (start < open && printed.charCodeAt(start - 1) === 46 /* . */ && (lineText ??= lineOf()).includes(printed.slice(start - 1, open + 1))) return true;
  }
  return false;
}

/**
 * A call's arguments without the dictionary generic code passes its callees, which no source
 * writes (`&.dict.Table[example.com/r.ID,string]`, `dep..dict`, `(*[3]uintptr)(.dict[1])`).
 */
function withoutDictionary(args: string[]): string[] {
  return args.filter((a) => !/(?<![\p{L}\p{N}_])\.dict\b/u.test(a));
}

/** A call of two names, `T.M(` (a value receiver's method expression) or `pkg.F(`: only the line tells them apart. */
const VALUE_METHOD_EXPRESSION = /(?<![\p{L}\p{N}_.)\]])((?:[\p{L}_][\p{L}\p{N}_]*\.)?[\p{L}_][\p{L}\p{N}_]*)\.([\p{L}_][\p{L}\p{N}_]*)\(/gu;

/**
 * The printed text with each `(*T).M(recv, args)` written as the call `recv.M(args)` (a receiver
 * `&x` as `x`, which the source calls the method on), and, with the source's line, each
 * `T.M(recv, args)` the line writes as `recv.M(` (`string(E.tag(e))` for `string(e.tag())`); null
 * when there is none, or a pointer method's receiver is not a name, selector or call.
 */
function methodCallsWritten(printed: string, lineText?: string): string | null {
  let out = printed;
  for (let m = POINTER_METHOD_EXPRESSION.exec(out); m !== null; m = POINTER_METHOD_EXPRESSION.exec(out)) {
    const open = m.index + m[0].length - 1;
    const close = closingParen(out, open);
    if (close < 0) return null;
    const args = withoutDictionary(splitTopLevel(out.slice(open + 1, close)));
    const receiver = (args[0] ?? '').trim().replace(/^&(?=[\p{L}_])/u, '');
    if (!/^[\p{L}_][\p{L}\p{N}_.]*(?:\(.*\))?$/su.test(receiver)) return null;
    out = `${out.slice(0, m.index)}${receiver}.${m[1] ?? ''}(${args.slice(1).map((a) => a.trim()).join(', ')})${out.slice(close + 1)}`;
  }
  // Inner calls first come out in a later pass: `time.Time.String(Value.time(v))` needs
  // `v.time()` written before its `.String(` can be found on the line.
  for (let pass = 0, before = ''; lineText !== undefined && pass < 3 && out !== before; pass++) {
    const line = lineText;
    before = out;
    let written: string | null = null;
    VALUE_METHOD_EXPRESSION.lastIndex = 0;
    for (let m = VALUE_METHOD_EXPRESSION.exec(out); m !== null; m = VALUE_METHOD_EXPRESSION.exec(out)) {
      // Most such calls are a package's functions (`fmt.Sprint(`): a line without `.M(` has no call of the method.
      if (!line.includes(`.${m[2] ?? ''}(`)) continue;
      written ??= line.replace(/\s+/g, '');
      const open = m.index + m[0].length - 1;
      const close = closingParen(out, open);
      const args = close < 0 ? [] : withoutDictionary(splitTopLevel(out.slice(open + 1, close))).map((a) => a.trim());
      const receiver = args[0] ?? '';
      if (!/^[\p{L}_][\p{L}\p{N}_.]*(?:\(.*\))?$/su.test(receiver) || !written.includes(`${receiver}.${m[2] ?? ''}(`.replace(/\s+/g, ''))) continue;
      const call = `${receiver}.${m[2] ?? ''}(${args.slice(1).join(', ')})`;
      out = `${out.slice(0, m.index)}${call}${out.slice(close + 1)}`;
      VALUE_METHOD_EXPRESSION.lastIndex = m.index + call.length;
    }
  }
  return out === printed ? null : out;
}

/** What the compiler prints for the arguments of a call with a `...` parameter: `fmt.Sprintf("%d", ... argument...)`. */
const ELIDED_ARGUMENTS = '... argument...';

/**
 * The printed text with each `f(... argument...)` (`fmt.Sprintf("%T", ... argument...)`) written
 * as the record's line writes the call (`fmt.Sprintf("%T", opt)`), when the line has exactly one
 * call of that name, it ends on the line and it starts with the arguments printed before the
 * `...` ones; null when some call is not found so.
 */
function argumentsWritten(printed: string, src: GoSource, line: number): string | null {
  const text = src.lines[line - 1] ?? '';
  let complete = true;
  const bare = (t: string): string => t.replace(/\s+/g, '');
  // The arguments before the `...` parameter are printed as written, when they are simple.
  const out = printed.replace(/([\p{L}_][\p{L}\p{N}_.]*)\(((?:[^()"]|"(?:[^"\\]|\\.)*")*?)\.\.\. argument\.\.\.\)/gu, (all, callee: string, before: string) => {
    const at: number[] = [];
    for (let i = text.indexOf(`${callee}(`); i >= 0; i = text.indexOf(`${callee}(`, i + 1)) {
      if (i === 0 || !/[\p{L}\p{N}_.]/u.test(text[i - 1] ?? '')) at.push(i);
    }
    const open = at.length === 1 ? (at[0] ?? 0) + callee.length : -1;
    const close = open < 0 ? -1 : closingParen(text, open);
    if (close < 0 || !bare(text.slice(open + 1, close)).startsWith(bare(before))) {
      complete = false;
      return all;
    }
    return text.slice(at[0], close + 1);
  });
  return complete && out !== printed ? out : null;
}

/** The index of the `)` that closes the `(` at `open` on one line, quotes skipped; -1 when it is not on it. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      const end = c === '`' ? text.indexOf('`', i + 1) : closingQuote(text, i);
      if (end < 0) return -1;
      i = end;
    } else if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') {
      depth -= 1;
      if (depth === 0) return c === ')' ? i : -1;
    } else if (c === '/' && text[i + 1] === '/') return -1;
  }
  return -1;
}

/** Whether the source's line writes the text, compared without spaces and parentheses. */
function inLine(text: string, src: GoSource, line: number): boolean {
  const bare = (t: string): string => t.replace(/[\s()]+/g, '');
  return bare(src.lines[line - 1] ?? '').includes(bare(text));
}

/**
 * The one compiler name in a printed expression with the selectors, calls and indexes after it
 * (`.autotmp_2.String()`); null when there is not exactly one.
 */
function compilerNameChain(printed: string): string | null {
  const names = [...printed.matchAll(/\.autotmp_\d+|~[rR]\d+/g)];
  const first = names[0];
  if (names.length !== 1 || first === undefined) return null;
  let end = first.index + first[0].length;
  for (;;) {
    const selector = /^\.[\p{L}_][\p{L}\p{N}_]*/u.exec(printed.slice(end))?.[0];
    if (selector !== undefined) {
      end += selector.length;
      continue;
    }
    const open = printed[end];
    if (open !== '(' && open !== '[') break;
    let depth = 0;
    let close = -1;
    for (let i = end; i < printed.length; i++) {
      if (printed[i] === '(' || printed[i] === '[') depth++;
      else if ((printed[i] === ')' || printed[i] === ']') && --depth === 0) {
        close = i;
        break;
      }
    }
    if (close < 0) break;
    end = close + 1;
  }
  return printed.slice(first.index, end);
}

/** The result variable of an inlined call, as it is printed in its place: `~r0` (`~R0` before Go 1.20). */
const RESULT_TEMP = /^~[rR]\d+$/;

/**
 * Whether the record, printed at the `(` of a call to `callee`, is something the callee's inlined
 * body makes (`panic("nil context")` in http.Request.WithContext, `&check.Err{...}`), not the
 * call itself (`make(`, `append(`, `T(x)`), its `... argument` slice, or its result (`~r0`). A func
 * literal printed there is the body's (`http.StripPrefix`'s handler).
 */
function madeByInlinedBody(record: VerdictRecord, callee: string): boolean {
  if (qualifiedInlineSubject(record)) return true;
  const form = parseSubject(record.subject).form;
  if (form === 'variadic' || COMPILER_NAME.test(record.subject)) return false;
  const name = lastSegment(callee);
  // `make(`, `new(`, `string(b)` are printed at their own `(`; at another call's, its body made
  // them, unless they convert that call's result (`string(k.Marshal())` at Marshal's `(`).
  const own = OWN_CALLS[form];
  if (own !== undefined) return name !== own && !callsName(record.subject, name);
  // The call is (in) the subject: `Pointer(text())` at text's `(`, `Explicit.Number()` printed as its value.
  return !callsName(record.subject, name) && !CONSTANT_RESULT.test(record.subject);
}

/** Whether the text calls `name` (`name(` or `name)(`, the name not the end of a longer one). */
function callsName(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const end = at + name.length;
    if (at > 0 && identifierPart(text.charCodeAt(at - 1))) continue;
    if (text.charCodeAt(end) === 40 /* ( */ || (text.charCodeAt(end) === 41 /* ) */ && text.charCodeAt(end + 1) === 40)) return true;
  }
  return false;
}

/** A letter, digit or `_` (anything past ASCII counts as a letter). */
function identifierPart(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c > 127;
}

/** Forms printed at the `(` of the builtin or conversion they are, and its name there. */
const OWN_CALLS: Partial<Record<string, string>> = { append: 'append', make: 'make', new: 'new', 'string-conversion': 'string', 'bytes-conversion': 'byte', 'runes-conversion': 'rune' };

/** A constant an inlined call returns, printed as its value (`E(1)` for `Explicit.Number()`): the call's result, not something its body makes. */
const CONSTANT_RESULT = /^(?:[\p{L}_][\p{L}\p{N}_]*\.)?[\p{L}_][\p{L}\p{N}_]*\((?:-?[0-9][0-9a-fA-FxXoObB_.+-]*|"(?:[^"\\]|\\.)*"|nil)\)$|^\(.*\)\(nil\)$/u;

/** A package-qualified subject (`sub.x`, `&errors.errorString{...}`) comes from an inlined body. */
function qualifiedInlineSubject(record: VerdictRecord): boolean {
  if (record.kind === 'moved-to-heap') return record.subject.includes('.') && !record.subject.startsWith('.');
  return /^&?[\p{L}_][\p{L}\p{N}_]*\.[\p{L}_][\p{L}\p{N}_]*\{/u.test(record.subject);
}

/** One view of an allocation (see allocations) with its facts. */
interface Candidate {
  view: VerdictRecord;
  context: MatchContext;
}

/**
 * The classifier as a stream: `add` the records of each package section as it ends, then
 * `finish` once. A section's records are classified when they are added, with the facts of
 * their compilation unit (see unitOf), and then let go: what is kept is one pending finding per
 * allocation in the repository, so memory follows the findings, not the log. The few records
 * whose facts need every package of the log (a method inlined from another package) wait for
 * `finish`. Adding everything at once gives the same findings.
 */
export class Classifier {
  private readonly ws: Workspace;
  private readonly enabled: ReadonlySet<string>;
  private readonly index: LogIndex = { boxed: new Set(), methodValues: new Set(), boundReceivers: new Set(), moved: new Map(), units: new Map(), spreadMakes: new Set() };
  private readonly excluded: Record<string, number> = {};
  private unclassified = 0;
  private readonly pending: Pending[] = [];
  private readonly waiting: VerdictRecord[] = [];
  /**
   * Strings of records a finding keeps, as copies of their own: a record's strings are cut from
   * the log's text, and one such cut keeps the whole text it was cut from alive.
   */
  private readonly interned = new Map<string, string>();

  private intern(s: string): string {
    let own = this.interned.get(s);
    if (own === undefined) this.interned.set((own = ` ${s}`.slice(1)), own);
    return own;
  }

  private internOrNull(s: string | null): string | null {
    return s === null ? null : this.intern(s);
  }

  /** The compiler's inlining records, when given (addInlinedCalls); read at finish. */
  private inliningLines: Iterable<InliningLine>[] | undefined;

  constructor(private readonly options: ClassifyOptions) {
    this.ws = new Workspace(options);
    this.enabled = options.enabledRules ?? new Set(RULES.filter((r) => r.meta.enabledByDefault).map((r) => r.meta.id));
  }

  /**
   * Records of whole package sections. Stand-ins (`logLine` 0, see RepoRecordFilter) only say
   * which files a package has.
   */
  add(given: readonly VerdictRecord[]): void {
    const records = given.flatMap(withFlowPosition);
    indexRecords(records, this.index, this.ws);
    for (const record of records) {
      if (record.logLine !== 0 && !this.classifyRecord(record, false)) this.waiting.push(record);
    }
  }

  /**
   * The compiler's `inlining call to F` records (of the repository's files): a finding at a call
   * then joins only the finding of the body the compiler inlined there. Without them, a call joins
   * a body by the callee's name as the source writes it.
   */
  addInlinedCalls(records: Iterable<InliningLine>): void {
    (this.inliningLines ??= []).push(records);
  }

  /** The findings, sorted, merged across inlined call sites, with fingerprints. */
  finish(): ClassifyResult {
    for (const record of this.waiting.splice(0)) this.classifyRecord(record, true);
    return { findings: mergePending(this.pending, this.inlinedAtCallSites()), excluded: this.excluded, unclassified: this.unclassified };
  }

  /** Callees the compiler inlined at the findings' call sites (`file|line|column`), when given; kept for those positions only. */
  private inlinedAtCallSites(): Map<string, Set<string>> | undefined {
    if (this.inliningLines === undefined) return undefined;
    const sites = new Set<string>();
    for (const p of this.pending) if (p.callSiteOf !== null) sites.add(`${p.printedFile}|${p.finding.line}|${p.finding.column}`);
    const inlined = new Map<string, Set<string>>();
    for (const records of this.inliningLines) {
      for (const r of records) {
        if (r.kind !== 'inlining-call' || r.file === null || r.line === null || typeof r.function !== 'string') continue;
        const key = `${r.file}|${r.line}|${r.column ?? ''}`;
        if (!sites.has(key)) continue;
        const callees = inlined.get(key);
        if (callees === undefined) inlined.set(key, new Set([plainCallee(r.function)]));
        else callees.add(plainCallee(r.function));
      }
    }
    return inlined;
  }

  /** False (and nothing done) when the record's facts need the whole log and `final` is false. */
  private classifyRecord(whole: VerdictRecord, final: boolean): boolean {
    const all: Candidate[][] = [];
    for (const allocation of allocations(whole)) {
      const candidates: Candidate[] = [];
      for (const view of allocation) {
        const facts = factsFor(view, this.index, this.ws, final);
        if (facts === null) return false;
        candidates.push({ view, context: { goVersion: this.options.goVersion, facts } });
      }
      all.push(candidates);
    }
    for (const candidates of all) this.classifyAllocation(candidates);
    return true;
  }

  /** The finding of one allocation: the first rule, by precedence, that matches any of its views. */
  private classifyAllocation(candidates: readonly Candidate[]): void {
    const { ws, excluded } = this;
    let rule: Rule | null = null;
    let match = null;
    let record: VerdictRecord | undefined = candidates[0]?.view;
    if (record === undefined) return;
    search: for (const candidate of RULES_BY_PRECEDENCE) {
      for (const c of candidates) {
        match = candidate.match(c.view, c.context);
        if (match !== null) {
          rule = candidate;
          record = c.view;
          break search;
        }
      }
    }
    if (rule === null || match === null) return;
    if (rule.meta.id === UNCLASSIFIED_RULE_ID) this.unclassified += 1;
    if (!this.enabled.has(rule.meta.id)) return;
    if (record.file === null || record.line === null) {
      excluded.unknown = (excluded.unknown ?? 0) + 1;
      return;
    }
    const resolved = ws.resolve(record.file, record.package);
    if (resolved.repoRelative === null) {
      const reason = resolved.outside ?? 'unknown';
      excluded[reason] = (excluded[reason] ?? 0) + 1;
      return;
    }
    const column = record.column ?? 1;
    const src = ws.source(record.file, record.package);
    if (src !== null && unreachableInlined(record, src)) {
      excluded.unreachable = (excluded.unreachable ?? 0) + 1;
      return;
    }
    const scanned =
      src !== null
        ? record.column === null
          ? expressionExtent(src, record.line, 0)
          : expressionExtent(src, record.line, column, extentMode(record))
        : null;
    // A position past the end of its line or file (a source edited since the build, a //line
    // directive) has no expression to span: one column, as without a source.
    const extent =
      scanned === null || scanned.endLine < record.line || (scanned.endLine === record.line && scanned.endColumn <= column)
        ? { endLine: record.line, endColumn: column + 1 }
        : scanned;
    const fn = src !== null ? enclosingFunction(src, record.line, column) : null;
    const callee = src !== null && record.column !== null ? calleeAt(src, record.line, column) : null;
    // A generic instantiation wrapper (`generic[int]`) reports its inlined body at the declaration's name.
    const declared = src !== null && record.column !== null && tokenBefore(src, record.line, column) === 'func' ? declaredNameAt(src, record.line, column) : null;
    let message = match.message;
    // The result of an inlined call is printed as the result variable (`~r0`): name the call as written.
    // So is a result the verdict prints as its value (Go 1.25+ constant rewriting: `E(1)`, its header `~r0`).
    const header = record.explanations[0]?.subject ?? record.subject;
    const written = src !== null && record.column !== null && (RESULT_TEMP.test(record.subject) || RESULT_TEMP.test(header)) ? callWritten(src, record.line, column) : null;
    const printed = code(record.subject);
    const rewritten = `${code(header)} (printed as ${printed})`;
    if (written !== null && message.startsWith(printed)) {
      message = `${code(written)} (the result of the inlined call, printed as ${printed})${message.slice(printed.length)}`;
    } else if (written !== null && header !== record.subject && message.startsWith(rewritten)) {
      message = `${code(written)} (the result of the inlined call, printed as ${printed})${message.slice(rewritten.length)}`;
    }
    // A generic function compiled in a package that instantiates it names its own variables with
    // its package's name (`it.z` in it.go, package it): where the source is that package's own,
    // the variable is the one written there, not one of an inlined call.
    const own = ownQualifier(record, src);
    // A method value of an inlined call's result (`(~r0).Serve`): the call as written, then the method.
    const selected = /^\(~[rR]\d+\)\.([\p{L}_][\p{L}\p{N}_]*)$/u.exec(record.subject);
    const receiverCall = selected !== null && src !== null && record.column !== null ? callBeforeSelector(src, record.line, column) : null;
    if (selected !== null && receiverCall !== null && message.startsWith(printed)) {
      message = `${code(`${receiverCall}.${selected[1] ?? ''}`)} (printed as ${printed})${message.slice(printed.length)}`;
    } else if (src !== null && record.column !== null && written === null) {
      // Other subjects that hold the compiler's own names (`.autotmp_3`, `new(<node DYNAMICTYPE>)`,
      // `append(dst, ~r0...)`), where the message quotes them: the source's words, when what the
      // source writes at the position has the printed text's shape. So are subjects of generic
      // code, printed with shape types (`make([]go.shape.int, n)` for `make([]T, n)`) and its
      // package's names qualified: the source's words alone, as the compiler's add nothing.
      const compilerWords = (name: string): boolean =>
        COMPILER_NAME.test(name) ||
        methodExpression(name) !== null ||
        name.includes(ELIDED_ARGUMENTS) ||
        POINTER_METHOD_EXPRESSION.test(name) ||
        (callsAMethodOfLine(name, () => src.lines[(record.line ?? 0) - 1] ?? '') && methodCallsWritten(name, src.lines[(record.line ?? 0) - 1]) !== null);
      for (const name of header === record.subject ? [header] : [record.subject, header]) {
        const words = compilerWords(name);
        if (!(words || hasShape(name) || (own !== null && qualifiedBy(name, own)) || FOLDED_NUMBER.test(name))) continue;
        const quoted = code(name);
        // Not where an earlier rewrite quotes the printed text (`n` (printed as `uint32(4711)`)).
        let at = message.indexOf(quoted);
        while (at >= 0 && message.endsWith(PRINTED_AS, at)) at = message.indexOf(quoted, at + 1);
        if (at < 0) continue;
        const source = sourceFor(own === null ? name : unqualified(name, own), src, record.line, column);
        if (source !== null) message = `${message.slice(0, at)}${code(source)}${words ? ` (printed as ${quoted})` : ''}${message.slice(at + quoted.length)}`;
        break;
      }
    }
    const inlinedPhrase = `${printed}${INLINED_VARIABLE}`;
    if (own !== null && record.subject.startsWith(own) && message.startsWith(inlinedPhrase)) {
      message = `${code(record.subject.slice(own.length))}${message.slice(inlinedPhrase.length)}`;
    }
    // So are the other names it quotes there (`it.seq`, `it.#state1`, `len(it.buf)`).
    if (own !== null) message = inCodeSpans(message, (span) => unqualified(span, own));
    // A composite literal of generic code the message names besides its subject (the one a value
    // is stored in: `&Ring[go.shape.int]{...}`), as written near the record (`&Ring[T]{...}`).
    const line = record.line;
    if (src !== null && line !== null && hasShape(message)) {
      const subject = own === null ? record.subject : unqualified(record.subject, own);
      message = inCodeSpans(message, (span) => (span !== subject && hasShape(span) && /\{(?:\.\.\.)?\}$/.test(span) ? (literalWrittenNear(span, src, line) ?? span) : span));
    }
    // Shapes left (code of another package's, inlined here; the places a value is stored): each
    // type parameter as its shape's type, `[]string{}` for `go.shape.[]string{}`.
    message = withoutShapeMarks(message);
    if (callee !== null && madeByInlinedBody(record, callee)) {
      // As written, a receiver that is a call kept (`rsp.Header().Set`, not `Set`).
      const written = src !== null ? (callWritten(src, record.line, column)?.replace(/\((?:…)?\)$/u, '') ?? null) : null;
      message += ` It happens inside ${'`'}${written !== null && written.endsWith(lastSegment(callee)) ? written : callee}${'`'}, which is inlined at this call.`;
    }
    // A call is placed at its `(`, a selector at its `.`, a literal at its `{`: highlighted from where it starts.
    const startColumn = src !== null && record.column !== null && extent === scanned ? expressionStartColumn(src, record.line, column) : null;
    const finding: Finding = {
      ruleId: rule.meta.id,
      level: match.level ?? rule.meta.defaultLevel,
      message,
      file: resolved.repoRelative,
      line: record.line,
      column,
      ...(startColumn !== null ? { startColumn } : {}),
      endLine: extent.endLine,
      endColumn: extent.endColumn,
      function: packageClosureName(fn?.name ?? null, record) ?? plainFunctionName(record.function ?? record.explanations[0]?.function ?? null),
      package: record.package,
      subject: record.subject,
      evidence: match.evidence,
      flow: mapFlow(record, ws),
      inlinedAt: [],
      fingerprint: '',
      ...(match.confidence !== undefined && match.confidence !== 'high' ? { confidence: match.confidence } : {}),
    };
    // A func literal called where it is written, inlined: its code is printed at the call's `(`.
    const literal = callee === null && declared === null && src !== null && record.column !== null ? literalCalledAt(src, record.line, column) : null;
    this.pending.push({
      finding,
      printedFile: this.intern(record.file),
      compilerFunction: this.internOrNull(record.function ?? record.explanations[0]?.function ?? null),
      callSiteOf: callee ?? declared ?? literal,
      header: this.internOrNull(record.explanations[0]?.subject ?? null),
      calleeScope: callee !== null && src !== null ? calleeScope(callee, src) : null,
      ...(literal !== null ? { literalCall: true as const } : {}),
      ...(own !== null ? { foreign: true as const } : {}),
      subjectKey: normalizeSubject(own === null ? record.subject : unqualified(record.subject, own)),
    });
  }
}

/**
 * The record, placed where its explanation says when the compiler printed no position
 * (positionFromFlow). Such lines print alike in every function that has the variable (a generic
 * body, its wrapper, each inlined copy), so the parser folds them into one record with a block
 * per function: each block is an allocation of its own, placed by its own flow.
 */
function withFlowPosition(record: VerdictRecord): VerdictRecord[] {
  if (record.file !== null || hiddenLoopVariable(record.subject) === null) return [record];
  const split = blockViews(record);
  const views = split.length < 2 ? split : split.map((v) => ({ ...v, count: 1, function: v.explanations[0]?.function ?? record.function }));
  return views.map((view) => {
    const at = positionFromFlow(view);
    return at === null ? view : { ...view, ...at };
  });
}

/** Classify a whole log's records at once. */
export function classify(records: VerdictRecord[], options: ClassifyOptions): ClassifyResult {
  const classifier = new Classifier(options);
  classifier.add(records);
  return classifier.finish();
}

/** What addInlinedCalls reads of a record: `inlining call to F` lines. */
interface InliningLine {
  kind: string;
  file: string | null;
  line: number | null;
  column: number | null;
  function?: string | null;
}

/** A callee as the compiler names it, as the source scanner names functions: `(*T).M` → `T.M`, `Box[go.shape.int].New` → `Box.New`. */
function plainCallee(name: string): string {
  let out = '';
  let depth = 0;
  for (const ch of name) {
    if (ch === '[') depth += 1;
    else if (ch === ']') depth -= 1;
    else if (depth === 0 && ch !== '(' && ch !== ')' && ch !== '*') out += ch;
  }
  return out;
}

/** Whether the compiler inlined the body of `fn` (as the source scanner names it) as one of `callees`, maybe package-qualified. */
function inlinedAs(callees: ReadonlySet<string>, fn: string | null): boolean {
  if (fn === null) return false;
  for (const c of callees) {
    if (c === fn || (c.endsWith(`.${fn}`) && !c.slice(0, c.length - fn.length - 1).includes('.'))) return true;
  }
  return false;
}

function mergePending(pending: Pending[], inlined?: ReadonlyMap<string, ReadonlySet<string>>): Finding[] {
  pending.sort(comparePending);

  // Inlined call sites first (several allocations of one inlined body share the call's position),
  // then one finding per (file, line, column, rule) across generic shapes, variants and repeats.
  // A callee body's finding is looked up by (rule, subject, last name segment of its function):
  // `F`, `pkg.F` and `T.F` all end in `F`, which is exactly what the callee test accepts. When
  // the call says where the callee is (Pending.calleeScope), only a plain function there
  // qualifies; otherwise a body of the caller's own package comes first, then the first in the
  // canonical order.
  const bodies = new Map<string, Pending[]>();
  const subjects = pending.map((p) => normalizeSubject(p.finding.subject));
  pending.forEach((q, i) => {
    if (q.finding.function === null) return;
    const key = `${q.finding.ruleId}\u0000${subjects[i] ?? ''}\u0000${lastSegment(q.finding.function)}`;
    const list = bodies.get(key);
    if (list === undefined) bodies.set(key, [q]);
    else list.push(q);
  });
  // Each call site joins one body: a finding that is no call site itself comes first, then one of
  // the caller's package, then the first in the canonical order. A call site can be another's
  // body (a generic function's instantiation wrapper, reported at its name, inlined at calls):
  // sites then go to the end of the chain.
  const into = new Map<Pending, Pending>();
  pending.forEach((p, i) => {
    const calleeName = p.callSiteOf;
    if (calleeName === null) return;
    // With the compiler's inlining records, only a body it inlined at this call qualifies.
    const here = inlined?.get(`${p.printedFile}|${p.finding.line}|${p.finding.column}`);
    if (inlined !== undefined && here === undefined) return;
    const scope = p.calleeScope;
    let target: Pending | undefined;
    let best = Infinity;
    for (const q of bodies.get(`${p.finding.ruleId}\u0000${subjects[i] ?? ''}\u0000${lastSegment(calleeName)}`) ?? []) {
      if (q === p || (q.finding.file === p.finding.file && q.finding.line === p.finding.line && q.finding.column === p.finding.column)) continue;
      if (p.literalCall === true && (q.finding.function !== calleeName || q.finding.file !== p.finding.file)) continue;
      if (here !== undefined && !inlinedAs(here, q.finding.function)) continue;
      if (scope !== null && !(declaredIn(q.finding, scope.package) && !(q.finding.function ?? '').includes('.'))) continue;
      // A body whose explanation names the same expression first: the appends of two bodies
      // inlined at one call both print `append`, their explanations `append(buf, s...)` and the other.
      const rank = (p.header !== null && q.header === p.header ? 0 : 4) + (q.callSiteOf === null ? 0 : 2) + (q.finding.package === p.finding.package ? 0 : 1);
      if (rank < best) {
        best = rank;
        target = q;
      }
    }
    if (target !== undefined) into.set(p, target);
  });
  // Call sites that name each other in a cycle: the first of the cycle stays a finding.
  const order = new Map(pending.map((p, i) => [p, i]));
  for (const p of pending) {
    const path: Pending[] = [];
    let q: Pending | undefined = p;
    while (q !== undefined && !path.includes(q)) {
      path.push(q);
      q = into.get(q);
    }
    if (q === undefined) continue;
    const cycle = path.slice(path.indexOf(q));
    into.delete(cycle.reduce((a, b) => ((order.get(a) ?? 0) <= (order.get(b) ?? 0) ? a : b)));
  }
  const endOf = (p: Pending): Pending => {
    let q = p;
    for (let next = into.get(q); next !== undefined; next = into.get(q)) q = next;
    return q;
  };
  // The sites each finding holds, by position: a body inlined at thousands of calls would make
  // a linear look-up per site quadratic.
  const siteKeys = new Map<Finding, Set<string>>();
  const addSite = (f: Finding, site: InlinedSite): void => {
    let keys = siteKeys.get(f);
    if (keys === undefined) siteKeys.set(f, (keys = new Set(f.inlinedAt.map(siteKey))));
    const key = siteKey(site);
    if (keys.has(key)) return;
    keys.add(key);
    f.inlinedAt.push(site);
  };
  const merged: Finding[] = [];
  for (const p of pending) {
    const end = endOf(p);
    if (end === p) {
      merged.push(p.finding);
      continue;
    }
    // A site at the position of its chain's end is that finding again (a record printed twice).
    const site: InlinedSite = { file: p.finding.file, line: p.finding.line, column: p.finding.column };
    if (compareSites(site, end.finding) !== 0) addSite(end.finding, site);
  }
  // One finding per position and rule stands for the copies of one allocation (generic shapes,
  // variants, inlined bodies: each in a function of the compiler's own, its subject maybe
  // rewritten to a constant). Findings in one function of the compiler with different subjects
  // are different allocations (`k` and `~r0` of an inlined range-over-func loop at its `for`).
  const compilerFunction = new Map(pending.map((p) => [p.finding, p.compilerFunction]));
  const foreign = new Set(pending.filter((p) => p.foreign === true).map((p) => p.finding));
  const subjectKey = new Map(pending.map((p) => [p.finding, p.subjectKey]));
  const keyOf = (f: Finding): string => subjectKey.get(f) ?? normalizeSubject(f.subject);
  const byKey = new Map<string, Finding[]>();
  for (const f of merged) {
    // The hidden variables of an inlined range-over-func loop share the call's position: each is
    // an allocation of its own.
    const hidden = hiddenLoopVariable(f.subject) === null ? '' : f.subject.slice(f.subject.indexOf('#'));
    const key = `${f.file}:${f.line}:${f.column}:${f.ruleId}:${hidden}`;
    const group = byKey.get(key);
    if (group === undefined) {
      byKey.set(key, [f]);
      continue;
    }
    const fn = compilerFunction.get(f) ?? null;
    const same = group.findIndex((g) => {
      const gfn = compilerFunction.get(g) ?? null;
      return fn === null || gfn === null || fn !== gfn || keyOf(g) === keyOf(f);
    });
    const first = group[same];
    if (first === undefined) group.push(f);
    else if (levelRank(f.level) > levelRank(first.level) || (levelRank(f.level) === levelRank(first.level) && foreign.has(first) && !foreign.has(f))) {
      // Copies of one allocation (inlined with a constant here, a variable there): the one that
      // allocates is the finding, not the one boxed from static data; of alike ones, the copy its
      // own package compiled (whose route is the code's own, not that of one caller it is inlined in).
      for (const site of first.inlinedAt) addSite(f, site);
      group[same] = f;
    } else for (const site of f.inlinedAt) addSite(first, site);
  }
  const kept = [...byKey.values()].flat();
  for (const f of kept) f.inlinedAt.sort(compareSites);
  kept.sort(compareFindings);

  const ordinals = new Map<string, number>();
  for (const f of kept) {
    const base = [f.ruleId, f.file, f.function ?? '', keyOf(f)].join('\u001f');
    const ordinal = ordinals.get(base) ?? 0;
    ordinals.set(base, ordinal + 1);
    f.fingerprint = createHash('sha256').update(`${base}\u001f${ordinal}`).digest('hex').slice(0, 32);
  }
  return kept;
}
