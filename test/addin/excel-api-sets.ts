/**
 * @module Which Excel APIs the add-in calls and the requirement set each needs, read from the
 * `[Api set: ExcelApi 1.x]` tags of @types/office-js through the TypeScript checker; and which of
 * them, above the manifest's minimum, run outside a guard (`isExcelApiSupportedSafe('1.x')`, or a
 * host feature flag that asks it) that gives older Excel a fallback.
 */
import { readFileSync } from 'node:fs'
import ts from 'typescript'

export interface ApiUse {
  /** `Table.resize` */
  api: string
  /** Minor version of ExcelApi: 13 for 1.13. */
  minor: number
  file: string
  line: number
  /** The minor version the surrounding guard asks for; null when unguarded. */
  guardedBy: number | null
}

/** Host feature flags and the set each asks for (addin/excel/host.ts `hostFeatures`). */
const FEATURE_SETS: Record<string, number> = { notes: 18, dataValidation: 8 }

function minorOf(declaration: ts.Declaration): number | null {
  const docs = ts.getJSDocCommentsAndTags(declaration)
  const own = docs.at(-1)
  const text = own ? own.getText() : ''
  const match = /\[Api set: ExcelApi 1\.(\d+)/.exec(text)
  return match ? Number(match[1]) : null
}

/** The set a condition asks for when true: an isExcelApiSupportedSafe call or a feature flag. */
function askedBy(condition: ts.Expression): number | null {
  let found: number | null = null
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.expression.getText() === 'isExcelApiSupportedSafe') {
      const [arg] = node.arguments
      const match = arg && ts.isStringLiteral(arg) ? /^1\.(\d+)$/.exec(arg.text) : null
      if (match) {
        found = Math.max(found ?? 0, Number(match[1]))
      }
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text in FEATURE_SETS) {
      found = Math.max(found ?? 0, FEATURE_SETS[node.name.text] ?? 0)
    }
    ts.forEachChild(node, visit)
  }
  visit(condition)
  return found
}

/** `if (!guard) return …` before `node` in a block around it: the rest of the block is guarded. */
function earlyReturnGuard(node: ts.Node): number | null {
  for (let at: ts.Node = node; at.parent; at = at.parent) {
    const block = at.parent
    if (!ts.isBlock(block)) {
      continue
    }
    for (const statement of block.statements) {
      if (statement === at) {
        break
      }
      if (
        ts.isIfStatement(statement) &&
        ts.isPrefixUnaryExpression(statement.expression) &&
        statement.expression.operator === ts.SyntaxKind.ExclamationToken &&
        /\breturn\b/.test(statement.thenStatement.getText())
      ) {
        const asked = askedBy(statement.expression.operand)
        if (asked !== null) {
          return asked
        }
      }
    }
  }
  return null
}

function guardOf(node: ts.Node): number | null {
  for (let at: ts.Node = node; at.parent; at = at.parent) {
    const parent = at.parent
    if (ts.isIfStatement(parent) && parent.thenStatement === at) {
      const asked = askedBy(parent.expression)
      if (asked !== null) {
        return asked
      }
    }
    if (ts.isConditionalExpression(parent) && parent.whenTrue === at) {
      const asked = askedBy(parent.condition)
      if (asked !== null) {
        return asked
      }
    }
  }
  return earlyReturnGuard(node)
}

/** Every use of a tagged Excel API in `files`, with its set and its guard. */
export function excelApiUses(files: readonly string[]): ApiUse[] {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: ['office-js', 'node'],
  })
  const checker = program.getTypeChecker()
  const uses: ApiUse[] = []
  for (const file of files) {
    const source = program.getSourceFile(file)
    if (!source) {
      throw new Error(`${file} is not in the program`)
    }
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) {
        const symbol = checker.getSymbolAtLocation(node.name)
        const declaration = symbol?.declarations?.[0]
        const owner = declaration?.parent
        if (
          declaration &&
          owner &&
          declaration.getSourceFile().fileName.includes('@types/office-js') &&
          (ts.isClassDeclaration(owner) || ts.isInterfaceDeclaration(owner))
        ) {
          const minor = minorOf(declaration)
          if (minor !== null) {
            uses.push({
              api: `${owner.name?.text ?? '?'}.${node.name.text}`,
              minor,
              file,
              line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
              guardedBy: guardOf(node),
            })
          }
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return uses
}

/** The ExcelApi minor version the manifest requires. */
export function manifestMinimum(manifestPath: string): number {
  const match = /<Set\s+Name="ExcelApi"\s+MinVersion="1\.(\d+)"/.exec(
    readFileSync(manifestPath, 'utf8'),
  )
  if (!match) {
    throw new Error('the manifest names no ExcelApi minimum')
  }
  return Number(match[1])
}

/** Uses above the minimum with no guard asking for at least their set. */
export function unguarded(uses: readonly ApiUse[], minimum: number): ApiUse[] {
  return uses.filter((use) => use.minor > minimum && (use.guardedBy ?? 0) < use.minor)
}
