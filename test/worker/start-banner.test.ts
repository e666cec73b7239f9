/** @module Tests of the start banner's way into Excel (worker/start-banner.ts). */
import { describe, expect, it } from 'vitest'
import { excelSteps } from '../../worker/start-banner.ts'

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
