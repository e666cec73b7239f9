/**
 * @module What real Excel will accept: every Excel API the add-in calls, with the requirement set
 * its @types/office-js tag names, and none above the manifest's minimum outside a guard with a
 * fallback. The list goes to test-output/excel-api-sets.txt.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { excelApiUses, manifestMinimum, unguarded } from './excel-api-sets.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const excelDir = join(root, 'addin', 'excel')

describe('Excel requirement sets', () => {
  it('calls nothing above the manifest’s ExcelApi minimum without a guard and a fallback', () => {
    const files = readdirSync(excelDir)
      .filter((name) => name.endsWith('.ts'))
      .map((name) => join(excelDir, name))
    const uses = excelApiUses(files)
    const minimum = manifestMinimum(join(root, 'manifest.xml'))
    mkdirSync(join(root, 'test-output'), { recursive: true })
    const lines = [...new Map(uses.map((use) => [use.api, use])).values()]
      .sort((a, b) => b.minor - a.minor || a.api.localeCompare(b.api))
      .map((use) => `ExcelApi 1.${use.minor}\t${use.api}`)
    writeFileSync(join(root, 'test-output', 'excel-api-sets.txt'), `${lines.join('\n')}\n`)
    expect(minimum).toBe(7)
    expect(uses.length).toBeGreaterThan(20)
    // The desk's own calls are seen: the selection event at the minimum, the resize above it.
    expect(uses.find((use) => use.api === 'Worksheet.onSelectionChanged')?.minor).toBe(7)
    expect(uses.find((use) => use.api === 'Table.resize')).toMatchObject({
      minor: 13,
      guardedBy: 13,
    })
    expect(
      unguarded(uses, minimum).map(
        (use) => `${use.api} (1.${use.minor}) at ${use.file}:${use.line}`,
      ),
    ).toEqual([])
  }, 60_000)

  it('finds a call above the minimum that no guard, or too weak a guard, protects', () => {
    const uses = excelApiUses([join(root, 'test', 'addin', 'fixtures', 'unguarded-excel.ts')])
    expect(unguarded(uses, 7).map((use) => [use.api, use.line, use.guardedBy])).toEqual([
      ['Table.resize', 9, null],
      ['Table.resize', 11, 9],
    ])
  }, 60_000)
})
