// React takes whatever an effect returns as its cleanup and calls it on unmount, so an effect written as an expression
// that returns a value (Chromium 156's scrollIntoView returns a Promise) crashes the window when the component goes.
// Every effect in the renderer either has a block body, discards with `void`, or returns a named cleanup function.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const rendererSource = path.resolve(__dirname);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** `file:line body` for each effect whose arrow returns what an expression yields, other than a cleanup it names */
function effectsReturningValues(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && /(^|\.)use(Layout|Insertion)?Effect$/.test(node.expression.getText(source))) {
      const effect = node.arguments[0];
      if (effect && ts.isArrowFunction(effect) && !ts.isBlock(effect.body) && !ts.isVoidExpression(effect.body) && !ts.isIdentifier(effect.body)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push(`${fileName}:${line + 1} ${effect.body.getText(source)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('effects in the renderer', () => {
  it('finds an effect that returns what scrollIntoView returns, and passes block bodies, void and a named cleanup', () => {
    const found = effectsReturningValues(
      'sample.tsx',
      `useEffect(() => card.current?.scrollIntoView({ block: 'nearest' }), [v]);
       React.useLayoutEffect(() => input.focus(), []);
       useEffect(() => { card.current?.scrollIntoView(); }, [v]);
       useEffect(() => void load(), [load]);
       useEffect(() => dismissOutcome, [dismissOutcome]);`,
    );
    expect(found).toEqual(["sample.tsx:1 card.current?.scrollIntoView({ block: 'nearest' })", 'sample.tsx:2 input.focus()']);
  });

  it('return nothing React would call as a cleanup', () => {
    const found = sourceFiles(rendererSource).flatMap((file) => effectsReturningValues(path.relative(rendererSource, file), fs.readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });
});
