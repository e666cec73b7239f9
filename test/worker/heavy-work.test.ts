/**
 * @module Heavy downloads (rollup .xlsx exports, templates) against the worker's line for heavy
 * work: a template is built once for its form, version and parameters; exports past the line get
 * 503 SERVER_BUSY with Retry-After while light requests are answered.
 */
import { describe, expect, it, vi } from 'vitest'
import { errorCode, fixture, reportPath } from './helpers.ts'
import * as template from '../../worker/xlsx/template.ts'

// Counts the template builds, building as ever.
vi.mock('../../worker/xlsx/template.ts', { spy: true })

describe('heavy downloads', () => {
  it('build a template once for many asking at once, and once more for other parameters', async () => {
    const f = await fixture({ heavyWork: { concurrent: 1, waiting: 1 } })
    const builds = vi.mocked(template.templateWorkbook)
    builds.mockClear()
    const path = '/api/v1/forms/B01/template.xlsx?unit=G1&period=2026-Y'
    const answers = await Promise.all(Array.from({ length: 40 }, () => f.request('GET', path)))
    expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(200))
    const bodies = await Promise.all(answers.map(async (a) => Buffer.from(await a.arrayBuffer())))
    expect(new Set(bodies.map((body) => body.toString('base64'))).size).toBe(1)
    const other = await f.request('GET', '/api/v1/forms/B01/template.xlsx?unit=G2&period=2026-Y')
    expect(other.status).toBe(200)
    expect(Buffer.from(await other.arrayBuffer()).equals(bodies[0] ?? Buffer.alloc(0))).toBe(false)
    expect((await f.request('GET', path)).status).toBe(200)
    expect(builds).toHaveBeenCalledTimes(2)
  })

  it('refuse exports past the line with 503 and Retry-After, and answer light requests', async () => {
    const f = await fixture({ heavyWork: { concurrent: 1, waiting: 2 } })
    const token = await f.token('P')
    const exports = Array.from({ length: 8 }, () =>
      f.request('GET', `${reportPath('P')}/rollup?format=xlsx`, { token }),
    )
    const periods = await f.request('GET', '/api/v1/periods')
    expect(periods.status).toBe(200)
    const answers = await Promise.all(exports)
    const statuses = answers.map((answer) => answer.status)
    expect(statuses.filter((status) => status === 200)).toHaveLength(3)
    expect(statuses.filter((status) => status === 503)).toHaveLength(5)
    const busy = answers.find((answer) => answer.status === 503)
    expect(busy?.headers.get('retry-after')).toBe('5')
    expect(busy && (await errorCode(busy))).toBe('SERVER_BUSY')
  })
})
