/** @module Tests of the start banner's demo people and way into Excel (worker/start-banner.ts). */
import { describe, expect, it } from 'vitest'
import { demoPeopleLines, excelSteps } from '../../worker/start-banner.ts'

describe('demoPeopleLines', () => {
  const lan = {
    login: 'lan.gd',
    name: 'Nguyễn Thị Lan',
    unit: 'BK.GD',
    roles: ['lập-biểu' as const],
    code: 'ABCD-EFGH-JKMN-PQRS',
  }

  it('gives each person their login, one-time code, name, roles and unit, and where to use it', () => {
    const lines = demoPeopleLines([lan, { ...lan, login: 'hung.gd', roles: ['duyệt'], code: null }])
    expect(lines).toHaveLength(4)
    expect(lines[1]).toMatch(/lan\.gd\s+ABCD-EFGH-JKMN-PQRS\s+Nguyễn Thị Lan, lập biểu, BK\.GD$/)
    expect(lines[2]).toContain('đã đặt mật khẩu')
    expect(lines[2]).toContain('duyệt, BK.GD')
    expect(lines[3]).toContain('Lần đầu đăng nhập')
    expect(lines.every((line) => line.length <= 140)).toBe(true)
  })

  it('prints nothing when the store holds no demo people', () => {
    expect(demoPeopleLines([])).toEqual([])
  })
})

describe('excelSteps', () => {
  it('starts with the certificate on plain HTTP, naming the HTTPS manifest to sideload', () => {
    const lines = excelSteps('http://localhost:3000')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toContain('npm run certs')
    expect(lines[0]).toContain('TLS_CERT')
    expect(lines[1]).toContain('https://localhost:3000/manifest.xml')
    expect(lines[1]).toContain('npm run sideload')
  })

  it('names the served manifest once the worker speaks HTTPS', () => {
    const lines = excelSteps('https://baocao.example.vn')
    expect(lines[0]).toContain('https://baocao.example.vn/manifest.xml')
    expect(lines.join('\n')).not.toContain('npm run certs')
  })
})
