// Codemod: adds an expectation message to every node:assert call that lacks one (the lint rule
// partnertafel/assertion-message). The messages are a mechanical first draft read from the
// asserted expression ("the request answers 404 Not Found", "x contains \"y\"");
// a message written by hand that says why is better: review what it wrote.
// Usage: node scripts/add-assertion-messages.mjs . <file...>   (prints each message it added)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const repo = path.resolve(process.argv[2] ?? '.');
const require = createRequire(path.join(repo, 'package.json'));
const ts = require('typescript');

const ARITY = {
  ok: 2,
  equal: 3,
  notEqual: 3,
  strictEqual: 3,
  notStrictEqual: 3,
  deepEqual: 3,
  notDeepEqual: 3,
  deepStrictEqual: 3,
  notDeepStrictEqual: 3,
  match: 3,
  doesNotMatch: 3,
  throws: 'fn',
  rejects: 'fn',
  doesNotThrow: 'fn',
  doesNotReject: 'fn',
  fail: 1,
};

const STATUS = {
  200: '200 OK',
  201: '201 Created',
  204: '204 No Content',
  302: '302 Found',
  303: '303 See Other',
  400: '400 Bad Request',
  401: '401 Unauthorized',
  403: '403 Forbidden',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
  409: '409 Conflict',
  413: '413 Payload Too Large',
  415: '415 Unsupported Media Type',
  429: '429 Too Many Requests',
  500: '500 Internal Server Error',
};

let sf;
const squash = (text) => text.replace(/\s+\./g, '.').replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').replace(/,\)/g, ')').trim();
function code(node, max = 70) {
  let text = squash(node.getText(sf));
  for (let i = 0; i < 3; i++) text = text.replace(/\(await ([^()]*(\([^()]*\))?[^()]*)\)/g, '$1');
  text = text.replace(/^await /, '');
  text = text.replace(/([\w\])])!(?!=)/g, '$1');
  if (text.length > max) text = `${text.slice(0, max - 1)}…`;
  return text;
}
const isStringy = (node) => ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
const unwrap = (node) => {
  while (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAwaitExpression(node) || ts.isAsExpression(node))
    node = node.expression;
  return node;
};

const GENERIC = new Set(['response', 'res', 'answer', 'reply', 'result', 'page', 'request', 'r']);
function words(name) {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

/** "the request", "the foreign request", "guest.post('/cases/search')". */
function requestName(node) {
  const inner = unwrap(node);
  if (ts.isIdentifier(inner)) {
    if (GENERIC.has(inner.text)) return 'the request';
    if (inner.text === 'again') return 'the repeated request';
    return `the ${words(inner.text)} request`;
  }
  if (ts.isCallExpression(inner)) {
    const callee = code(inner.expression, 40);
    const first = inner.arguments[0];
    if (first && isStringy(first)) return `${callee}(${code(first, 60)})`;
    if (first && ts.isObjectLiteralExpression(first)) {
      const method = first.properties.find((p) => p.name && p.name.getText(sf) === 'method');
      const url = first.properties.find((p) => p.name && p.name.getText(sf) === 'url');
      const m = method && ts.isPropertyAssignment(method) ? unquote(method.initializer) : null;
      const u = url && ts.isPropertyAssignment(url) ? unquote(url.initializer) : null;
      if (m || u) return `${m ?? 'the'} ${u ?? 'request'}`;
    }
    return `${callee}(…)`;
  }
  return code(inner, 50);
}

function unquote(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return squash(node.getText(sf)).slice(1, -1);
  return code(node, 40);
}

/** How a value reads in a sentence. */
function value(node, max = 60) {
  const inner = unwrap(node);
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) {
    const text = inner.text.length > max ? `${inner.text.slice(0, max - 1)}…` : inner.text;
    return inner.text === '' ? 'empty' : `"${text}"`;
  }
  if (
    ts.isCallExpression(inner) &&
    /^(t|nl|fr|en|translate)$/.test(inner.expression.getText(sf)) &&
    inner.arguments[0] &&
    ts.isStringLiteral(inner.arguments[0])
  ) {
    return `the "${inner.arguments[0].text}" text`;
  }
  if (ts.isElementAccessExpression(inner) && /catalogues/.test(inner.expression.getText(sf)) && ts.isStringLiteral(inner.argumentExpression)) {
    return `the "${inner.argumentExpression.text}" text`;
  }
  if (inner.kind === ts.SyntaxKind.NullKeyword) return 'null';
  if (inner.kind === ts.SyntaxKind.TrueKeyword) return 'true';
  if (inner.kind === ts.SyntaxKind.FalseKeyword) return 'false';
  if (ts.isIdentifier(inner) && inner.text === 'undefined') return 'undefined';
  if (ts.isArrayLiteralExpression(inner) && inner.elements.length === 0) return 'empty';
  if (ts.isIdentifier(inner) && /before/i.test(inner.text)) return `unchanged (${inner.text})`;
  const full = squash(inner.getText(sf));
  if (full.length > max && ts.isObjectLiteralExpression(inner)) {
    const keys = inner.properties.map((p) => (p.name ? p.name.getText(sf) : '…'));
    return `the expected { ${keys.join(', ')} }`;
  }
  if (full.length > max && ts.isArrayLiteralExpression(inner)) return `exactly the ${inner.elements.length} expected entries`;
  return code(inner, max);
}

function subject(node) {
  const inner = unwrap(node);
  // x.json().error.code → the error code of x
  const text = squash(inner.getText(sf));
  let m = text.match(/^(.*)\.json\(\)\.error\.code$/);
  if (m) return `the error code`;
  m = text.match(/^(.*)\.json\(\)\.error\.issues$/);
  if (m) return `the field issues`;
  if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'length') return `the number of ${code(inner.expression, 60)}`;
  if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'size') return `the size of ${code(inner.expression, 60)}`;
  return code(inner, 70);
}

function okMessage(node) {
  const inner = unwrap(node);
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = unwrap(inner.operand);
    if (ts.isCallExpression(operand) && ts.isPropertyAccessExpression(operand.expression)) {
      const method = operand.expression.name.text;
      const target = code(operand.expression.expression, 60);
      const arg = operand.arguments[0] ? value(operand.arguments[0]) : '';
      if (method === 'includes') return `${target} does not contain ${arg}`;
      if (method === 'has') return `${target} does not have ${arg}`;
      if (method === 'startsWith') return `${target} does not start with ${arg}`;
      if (method === 'some') return `no entry of ${target} matches`;
      if (method === 'test') return `${arg} does not match ${target}`;
    }
    return `${code(operand)} is not set`;
  }
  if (ts.isCallExpression(inner)) {
    if (ts.isPropertyAccessExpression(inner.expression)) {
      const method = inner.expression.name.text;
      const target = code(inner.expression.expression, 60);
      const arg = inner.arguments[0] ? value(inner.arguments[0]) : '';
      if (method === 'includes') return `${target} contains ${arg}`;
      if (method === 'has') return `${target} has ${arg}`;
      if (method === 'startsWith') return `${target} starts with ${arg}`;
      if (method === 'endsWith') return `${target} ends with ${arg}`;
      if (method === 'some') return `some entry of ${target} matches ${code(inner.arguments[0] ?? inner, 60)}`;
      if (method === 'every') return `every entry of ${target} matches ${code(inner.arguments[0] ?? inner, 60)}`;
      if (method === 'test') return `${arg} matches ${target}`;
      if (method === 'isArray') return `${arg} is a list`;
      if (method === 'isVisible') return `${target} is visible`;
      if (method === 'existsSync') return `${arg} exists`;
    }
    return `${code(inner)} is true`;
  }
  if (ts.isBinaryExpression(inner)) {
    const left = subject(inner.left);
    const right = value(inner.right);
    switch (inner.operatorToken.kind) {
      case ts.SyntaxKind.GreaterThanEqualsToken:
        return `${left} is at least ${right}`;
      case ts.SyntaxKind.GreaterThanToken:
        return `${left} is more than ${right}`;
      case ts.SyntaxKind.LessThanEqualsToken:
        return `${left} is at most ${right}`;
      case ts.SyntaxKind.LessThanToken:
        return `${left} is less than ${right}`;
      case ts.SyntaxKind.EqualsEqualsEqualsToken:
      case ts.SyntaxKind.EqualsEqualsToken:
        return `${left} is ${right}`;
      case ts.SyntaxKind.ExclamationEqualsEqualsToken:
      case ts.SyntaxKind.ExclamationEqualsToken:
        return `${left} is not ${right}`;
      case ts.SyntaxKind.InstanceOfKeyword:
        return `${left} is a ${right}`;
      case ts.SyntaxKind.InKeyword:
        return `${value(inner.right)} has ${value(inner.left)}`;
      case ts.SyntaxKind.AmpersandAmpersandToken:
        return `${okMessage(inner.left)}, and ${okMessage(inner.right)}`;
      case ts.SyntaxKind.BarBarToken:
        return `either ${okMessage(inner.left)}, or ${okMessage(inner.right)}`;
    }
  }
  return `${code(inner)} is set`;
}

function messageFor(name, args) {
  const [a, b] = args;
  switch (name) {
    case 'ok':
      return okMessage(a);
    case 'equal':
    case 'strictEqual':
    case 'deepEqual':
    case 'deepStrictEqual': {
      const inner = unwrap(a);
      if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'statusCode') {
        const status = unwrap(b).getText(sf);
        return `${requestName(inner.expression)} answers ${STATUS[status] ?? value(b)}`;
      }
      if (
        ts.isCallExpression(inner) &&
        ts.isPropertyAccessExpression(inner.expression) &&
        inner.expression.name.text === 'status' &&
        inner.arguments.length === 0
      ) {
        const status = unwrap(b).getText(sf);
        return `${requestName(inner.expression.expression)} answers ${STATUS[status] ?? value(b)}`;
      }
      if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'length') {
        const expected = value(b);
        if (expected === '0') return `${code(inner.expression, 60)} is empty`;
        if (expected.startsWith('unchanged')) return `the number of ${code(inner.expression, 60)} is ${expected}`;
        return `${code(inner.expression, 60)} holds ${expected} ${expected === '1' ? 'entry' : 'entries'}`;
      }
      const expected = value(b);
      return `${subject(a)} is ${expected}`;
    }
    case 'notEqual':
    case 'notStrictEqual':
    case 'notDeepEqual':
    case 'notDeepStrictEqual':
      return `${subject(a)} is not ${value(b)}`;
    case 'match':
      return `${subject(a)} matches ${code(b, 80)}`;
    case 'doesNotMatch':
      return `${subject(a)} does not match ${code(b, 80)}`;
    case 'throws':
    case 'rejects': {
      const verb = name === 'throws' ? 'throws' : 'is rejected';
      const what = describeCall(a);
      if (!b) return `${what} ${verb}`;
      return `${what} ${verb} with ${describeValidator(b)}`;
    }
    case 'doesNotThrow':
      return `${describeCall(a)} does not throw`;
    case 'doesNotReject':
      return `${describeCall(a)} is not rejected`;
    case 'fail':
      return 'this line is not reached';
  }
  return null;
}

function describeCall(node) {
  let inner = unwrap(node);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
    const body = inner.body;
    if (ts.isBlock(body)) {
      const statements = body.statements;
      if (statements.length === 1 && ts.isExpressionStatement(statements[0])) inner = unwrap(statements[0].expression);
      else if (statements.length === 1 && ts.isReturnStatement(statements[0]) && statements[0].expression) inner = unwrap(statements[0].expression);
      else return 'the call';
    } else inner = unwrap(body);
  }
  if (ts.isCallExpression(inner)) return `${code(inner.expression, 50)}(…)`;
  return code(inner, 60);
}

function describeValidator(node) {
  const inner = unwrap(node);
  if (ts.isRegularExpressionLiteral(inner)) return code(inner, 80);
  if (ts.isObjectLiteralExpression(inner)) {
    const parts = inner.properties.map((p) => (ts.isPropertyAssignment(p) ? `${p.name.getText(sf)} ${value(p.initializer, 40)}` : code(p, 40)));
    return parts.join(', ');
  }
  if (ts.isIdentifier(inner)) return `a ${inner.text}`;
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
    const body = squash(inner.body.getText(sf));
    const regex = body.match(/\/(?:[^/\\\n]|\\.)+\/[a-z]*/);
    const kind = body.match(/instanceof (\w+)/);
    const quoted = body.match(/'([^']+)'/);
    if (kind && regex) return `a ${kind[1]} matching ${regex[0]}`;
    if (kind && quoted) return `a ${kind[1]} about "${quoted[1]}"`;
    if (kind) return `a ${kind[1]}`;
    if (regex) return `an error matching ${regex[0]}`;
    if (quoted) return `an error about "${quoted[1]}"`;
  }
  return 'the expected error';
}

const report = [];
for (const file of process.argv.slice(3)) {
  const source = readFileSync(file, 'utf8');
  sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const edits = [];
  const visit = (node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      let name = null;
      if (ts.isIdentifier(callee) && callee.text === 'assert') name = 'ok';
      else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'assert')
        name = callee.name.text;
      const arity = name ? ARITY[name] : undefined;
      if (arity !== undefined) {
        const args = node.arguments;
        const position = arity === 'fn' ? (args.length === 2 && isStringy(args[1]) ? 2 : Math.max(3, args.length === 1 ? 2 : 3)) : arity;
        const needed = arity === 'fn' && args.length === 1 ? 2 : position;
        if (args.length < needed) {
          const message = messageFor(name, args);
          if (message) {
            const last = args[args.length - 1];
            edits.push({ at: last ? last.getEnd() : node.arguments.pos, text: `${last ? ', ' : ''}${JSON.stringify(message)}` });
            report.push(`${path.relative(repo, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}: ${message}`);
          }
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (edits.length === 0) continue;
  let text = source;
  for (const edit of edits.sort((x, y) => y.at - x.at)) text = text.slice(0, edit.at) + edit.text + text.slice(edit.at);
  writeFileSync(file, text);
}
process.stdout.write(report.join('\n') + '\n');
