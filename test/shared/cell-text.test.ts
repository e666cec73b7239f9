/** @module Tests of the text-stays-text rule shared by the add-in's cells and the exports. */
import fc from 'fast-check'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { asCellText, csvField, neutralizeFormula } from '../../shared/cell-text.ts'

const SEPARATORS = [',', ';', '\t', '|']
const FORMULA = /^[=+\-@\t\r]/

describe('a CSV field', () => {
  it('stays one field, never a live formula, whatever separator the spreadsheet splits on', () => {
    const hostile = fc.stringMatching(/^[A-Za-zĐđ =+\-@;,|\t"\r\n0-9()]{0,20}$/)
    fc.assert(
      fc.property(hostile, fc.constantFrom(...SEPARATORS), (text, delimiter) => {
        const line = `${csvField(text)}${delimiter}x\r\n`
        const [record]: string[][] = parse(line, { delimiter, relax_quotes: true })
        expect(record).toHaveLength(2)
        expect(record?.[0]).not.toMatch(FORMULA)
        // And split naively on any separator, no piece starts a formula either.
        for (const piece of (record?.[0] ?? '').split(/[,;\t|]/)) {
          expect(piece.trimStart()).not.toMatch(/^[=+\-@]/)
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('quotes a unit name that holds a semicolon and disarms what follows it', () => {
    expect(csvField('CĐCS Y;=1+2;')).toBe(`"CĐCS Y;'=1+2;"`)
    expect(csvField('Tổ 1, tổ 2')).toBe('"Tổ 1, tổ 2"')
    expect(csvField('CĐCS Bằng Vân')).toBe('CĐCS Bằng Vân')
  })
})

describe('a cell text', () => {
  it('keeps formulas and number-like texts as text in a typed cell, and leaves words alone', () => {
    expect(asCellText('=WEBSERVICE("http://x")')).toBe(`'=WEBSERVICE("http://x")`)
    expect(asCellText('25.000')).toBe(`'25.000`)
    expect(asCellText('Tổng số đoàn viên')).toBe('Tổng số đoàn viên')
    expect(neutralizeFormula('@SUM(A1)')).toBe(`'@SUM(A1)`)
    expect(neutralizeFormula('25.000')).toBe('25.000')
  })
})
