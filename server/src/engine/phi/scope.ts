import type { DartFile } from '../dart/model';
import { namedChildren, type SyntaxNode } from '../dart/syntax';
import {
  annotationsOf,
  classNameNode,
  describeFunction,
  fieldsOfList,
  findDescendant,
  localVariables,
  readParams,
  resolveInFor,
  signatureBefore,
  SIGNATURES,
  typeBefore,
  typeOf,
} from './declarations';
import { visitTypes } from '../dart/traverse';

/**
 * Declarations of one Dart file and the resolution of a name at a use site: locals, parameters,
 * fields, top-level variables, functions and classes. Resolution follows lexical scope only;
 * names from other files resolve to nothing.
 */

export interface ParamInfo {
  name: string;
  nameNode: SyntaxNode;
  /** Index among positional parameters, or -1 for a named parameter. */
  position: number;
  named: boolean;
  /** `this.x` in a constructor: the argument initialises field `x`. */
  initializesField: boolean;
  type?: TypeRef;
  fn: FunctionInfo;
}

export interface TypeRef {
  name: string;
  args: string[];
}

export interface FunctionInfo {
  /** The called name: `f`, `method`, the class name for an unnamed constructor, `A.named`. */
  name: string;
  kind: 'function' | 'method' | 'getter' | 'setter' | 'constructor' | 'closure';
  signature: SyntaxNode;
  body?: SyntaxNode;
  params: ParamInfo[];
  owner?: ClassInfo;
  returnType?: TypeRef;
}

export interface FieldInfo {
  name: string;
  nameNode: SyntaxNode;
  type?: TypeRef;
  /** Nodes of the initializer run, empty when the field has none. */
  initializer: SyntaxNode[];
  owner?: ClassInfo;
}

export interface ClassInfo {
  name: string;
  node: SyntaxNode;
  superclass?: string;
  annotations: string[];
  fields: Map<string, FieldInfo>;
  members: Map<string, FunctionInfo>;
  constructors: FunctionInfo[];
}

export type Binding =
  | { kind: 'variable'; field: FieldInfo; scope: SyntaxNode; local: boolean }
  | { kind: 'param'; param: ParamInfo }
  | { kind: 'loop'; nameNode: SyntaxNode; iterable: SyntaxNode[]; type?: TypeRef }
  | { kind: 'field'; field: FieldInfo }
  | { kind: 'function'; fn: FunctionInfo }
  | { kind: 'class'; cls: ClassInfo };

const INDEXED_TYPES = new Set(['class_definition', 'function_expression', ...SIGNATURES]);

/** Node types that can bring names into scope. `resolveIn` finds nothing in any other node. */
const SCOPE_TYPES = new Set([
  'block',
  'for_statement',
  'class_body',
  'program',
  'function_body',
  'function_expression_body',
  'declaration',
  'method_signature',
]);

/** An ancestor whose type is in `SCOPE_TYPES`, with that type read once. */
interface ScopeNode {
  node: SyntaxNode;
  type: string;
}

/** The start of a constructor's initializer list, where its parameters come into scope. */
interface InitializerScope {
  start: number;
  fn: FunctionInfo | undefined;
}

/** The declarations of one file, built once per parsed tree. */
export class FileScope {
  readonly classes = new Map<string, ClassInfo>();
  readonly topFunctions = new Map<string, FunctionInfo>();
  readonly topVariables = new Map<string, FieldInfo>();
  /** Every function, method, constructor and closure, for finding callers by name. */
  readonly functions: FunctionInfo[] = [];
  private readonly bySignature = new Map<number, FunctionInfo>();
  private readonly blockDeclarations = new Map<number, Map<string, Binding>>();
  /**
   * Memoised results, by node id, of the lookups that `resolve` repeats for every name on the
   * way up, because each step reads a node through WebAssembly.
   */
  private readonly scopeAbove = new Map<number, ScopeNode | null>();
  private readonly bodyFunctions = new Map<number, FunctionInfo | null>();
  private readonly bodyClasses = new Map<number, ClassInfo | null>();
  private readonly initializerScopes = new Map<number, InitializerScope | null>();

  constructor(readonly dart: DartFile) {
    this.index(dart.root);
  }

  /** The function whose signature or closure node is `node`. */
  functionAt(node: SyntaxNode): FunctionInfo | undefined {
    return this.bySignature.get(node.id);
  }

  /** The function, method or closure whose body contains `node`. */
  enclosingFunction(node: SyntaxNode): FunctionInfo | undefined {
    for (let scope = this.scopeOf(node); scope; scope = this.scopeOf(scope.node)) {
      const fn = this.functionOfBody(scope);
      if (fn) return fn;
    }
    return undefined;
  }

  enclosingClass(node: SyntaxNode): ClassInfo | undefined {
    for (let scope = this.scopeOf(node); scope; scope = this.scopeOf(scope.node)) {
      const owner = scope.type === 'class_body' ? scope.node.parent : null;
      const name = owner ? classNameNode(owner)?.text : undefined;
      if (name) return this.classes.get(name);
    }
    return undefined;
  }

  /** Resolves `name` as seen from `use`, innermost scope first. */
  resolve(use: SyntaxNode, name: string): Binding | undefined {
    for (let scope = this.scopeOf(use); scope; scope = this.scopeOf(scope.node)) {
      const found = this.resolveIn(scope, name, use);
      if (found) return found;
    }
    return undefined;
  }

  /** Finds the nearest ancestor of `node` that can declare names, memoised for each node passed. */
  private scopeOf(node: SyntaxNode): ScopeNode | null {
    const known = this.scopeAbove.get(node.id);
    if (known !== undefined) return known;
    const passed = [node.id];
    let found: ScopeNode | null = null;
    for (let current = node.parent; current; current = current.parent) {
      const type = current.type;
      if (SCOPE_TYPES.has(type)) {
        found = { node: current, type };
        break;
      }
      const above = this.scopeAbove.get(current.id);
      if (above !== undefined) {
        found = above;
        break;
      }
      passed.push(current.id);
    }
    for (const id of passed) this.scopeAbove.set(id, found);
    return found;
  }

  private resolveIn(scope: ScopeNode, name: string, use: SyntaxNode): Binding | undefined {
    switch (scope.type) {
      case 'block':
        return this.resolveInBlock(scope.node, name);
      case 'for_statement':
        return resolveInFor(scope.node, name);
      case 'class_body':
        return this.resolveInClass(scope.node, name);
      case 'program':
        return this.resolveTopLevel(name);
      default: {
        const fn = this.functionOfBody(scope) ?? this.constructorOfInitializers(scope, use);
        const param = fn?.params.find((p) => p.name === name);
        return param ? { kind: 'param', param } : undefined;
      }
    }
  }

  private resolveInBlock(block: SyntaxNode, name: string): Binding | undefined {
    let declarations = this.blockDeclarations.get(block.id);
    if (!declarations) {
      declarations = this.declarationsOf(block);
      this.blockDeclarations.set(block.id, declarations);
    }
    return declarations.get(name);
  }

  /** Locals and local functions declared directly in a block, read once per block. */
  private declarationsOf(block: SyntaxNode): Map<string, Binding> {
    const declarations = new Map<string, Binding>();
    for (const statement of namedChildren(block)) {
      if (statement.type === 'local_variable_declaration') {
        for (const variable of localVariables(statement)) {
          declarations.set(variable.name, {
            kind: 'variable',
            field: variable,
            scope: block,
            local: true,
          });
        }
      } else if (statement.type === 'local_function_declaration') {
        const signature = findDescendant(statement, 'function_signature');
        const fn = signature ? this.functionAt(signature) : undefined;
        if (fn) declarations.set(fn.name, { kind: 'function', fn });
      }
    }
    return declarations;
  }

  private resolveInClass(body: SyntaxNode, name: string): Binding | undefined {
    const cls = this.classOfBody(body);
    if (!cls) return undefined;
    const field = cls.fields.get(name);
    if (field) return { kind: 'field', field };
    const member = cls.members.get(name);
    return member ? { kind: 'function', fn: member } : undefined;
  }

  private resolveTopLevel(name: string): Binding | undefined {
    const variable = this.topVariables.get(name);
    if (variable) return { kind: 'variable', field: variable, scope: this.dart.root, local: false };
    const fn = this.topFunctions.get(name);
    if (fn) return { kind: 'function', fn };
    const cls = this.classes.get(name);
    return cls ? { kind: 'class', cls } : undefined;
  }

  /** Finds the class declared with the `class_body` node `body`, by its class name. */
  private classOfBody(body: SyntaxNode): ClassInfo | undefined {
    let cls = this.bodyClasses.get(body.id);
    if (cls === undefined) {
      const owner = body.parent;
      const name = owner ? classNameNode(owner)?.text : undefined;
      cls = (name ? this.classes.get(name) : undefined) ?? null;
      this.bodyClasses.set(body.id, cls);
    }
    return cls ?? undefined;
  }

  private functionOfBody(scope: ScopeNode): FunctionInfo | undefined {
    if (scope.type !== 'function_body' && scope.type !== 'function_expression_body') {
      return undefined;
    }
    let fn = this.bodyFunctions.get(scope.node.id);
    if (fn === undefined) {
      fn = this.readFunctionOfBody(scope) ?? null;
      this.bodyFunctions.set(scope.node.id, fn);
    }
    return fn ?? undefined;
  }

  private readFunctionOfBody({ node, type }: ScopeNode): FunctionInfo | undefined {
    if (type === 'function_body') {
      const signature = signatureBefore(node);
      return signature ? this.functionAt(signature) : undefined;
    }
    return node.parent ? this.functionAt(node.parent) : undefined;
  }

  /** Constructor parameters are in scope in the initializer list (`: _note = note`). */
  private constructorOfInitializers(scope: ScopeNode, use: SyntaxNode): FunctionInfo | undefined {
    if (scope.type !== 'declaration' && scope.type !== 'method_signature') return undefined;
    let initializers = this.initializerScopes.get(scope.node.id);
    if (initializers === undefined) {
      initializers = this.readInitializerScope(scope.node);
      this.initializerScopes.set(scope.node.id, initializers);
    }
    if (!initializers || use.startIndex < initializers.start) return undefined;
    return initializers.fn;
  }

  private readInitializerScope(node: SyntaxNode): InitializerScope | null {
    const parts = namedChildren(node);
    const initializers = parts.find((c) => c.type === 'initializers');
    if (!initializers) return null;
    const signature = parts.find((c) => SIGNATURES.has(c.type));
    const fn = signature ? this.functionAt(signature) : undefined;
    return { start: initializers.startIndex, fn };
  }

  private index(root: SyntaxNode): void {
    visitTypes(root, INDEXED_TYPES, (node) => {
      if (node.type === 'class_definition') this.indexClass(node);
      else if (node.type === 'function_expression') this.indexClosure(node);
      else this.indexFunction(node);
    });
    for (const list of namedChildren(root)) {
      if (
        list.type !== 'initialized_identifier_list' &&
        list.type !== 'static_final_declaration_list'
      ) {
        continue;
      }
      for (const field of fieldsOfList(list, typeBefore(list)))
        this.topVariables.set(field.name, field);
    }
  }

  private indexClass(node: SyntaxNode): void {
    const name = classNameNode(node)?.text;
    const body = namedChildren(node).find((c) => c.type === 'class_body');
    if (!name || !body) return;
    const superNode = namedChildren(node).find((c) => c.type === 'superclass');
    const cls: ClassInfo = {
      name,
      node,
      superclass: superNode ? findDescendant(superNode, 'type_identifier')?.text : undefined,
      annotations: annotationsOf(node),
      fields: new Map(),
      members: new Map(),
      constructors: [],
    };
    for (const declaration of namedChildren(body)) {
      if (declaration.type !== 'declaration') continue;
      const type = typeOf(namedChildren(declaration));
      for (const list of namedChildren(declaration)) {
        if (
          list.type !== 'initialized_identifier_list' &&
          list.type !== 'static_final_declaration_list'
        ) {
          continue;
        }
        for (const field of fieldsOfList(list, type))
          cls.fields.set(field.name, { ...field, owner: cls });
      }
    }
    this.classes.set(name, cls);
  }

  private indexFunction(signature: SyntaxNode): void {
    const cls = this.enclosingClassOfSignature(signature);
    const fn = describeFunction(signature, cls);
    if (!fn) return;
    this.register(fn, signature);
    if (!cls) {
      if (signature.parent?.type === 'program') this.topFunctions.set(fn.name, fn);
      return;
    }
    if (fn.kind === 'constructor') cls.constructors.push(fn);
    else cls.members.set(fn.name, fn);
  }

  private indexClosure(node: SyntaxNode): void {
    const list = namedChildren(node).find((c) => c.type === 'formal_parameter_list');
    const fn: FunctionInfo = { name: '', kind: 'closure', signature: node, params: [] };
    fn.body = namedChildren(node).find((c) => c.type === 'function_expression_body');
    fn.params = list ? readParams(list, fn) : [];
    this.register(fn, node);
  }

  private register(fn: FunctionInfo, node: SyntaxNode): void {
    this.functions.push(fn);
    this.bySignature.set(node.id, fn);
  }

  private enclosingClassOfSignature(signature: SyntaxNode): ClassInfo | undefined {
    let container = signature.parent;
    if (container && (container.type === 'method_signature' || container.type === 'declaration')) {
      container = container.parent;
    }
    if (container?.type !== 'class_body' || !container.parent) return undefined;
    const name = classNameNode(container.parent)?.text;
    return name ? this.classes.get(name) : undefined;
  }
}

export { annotationsOf, classNameNode, localVariables, typeOf } from './declarations';
