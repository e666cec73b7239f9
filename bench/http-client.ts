/**
 * @module What the HTTP benchmarks share: a keep-alive client to 127.0.0.1, percentiles, a
 * process's CPU seconds, and realistic B01 values.
 */
import { Agent, request } from 'node:http'
import { readFileSync } from 'node:fs'

export const IN_FLIGHT = 32

/**
 * Idle sockets are let go after 4 s, before the servers' keep-alive timeout (node's 5 s) closes
 * them: a socket reused just as the server closes it fails with "socket hang up" (a benchmark
 * alternating runs of 5 s leaves each server's sockets idle that long).
 */
export const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT, timeout: 4000 })

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

/** CPU seconds a process has used (Linux /proc), or NaN elsewhere: a figure the neighbours' load
 * on a shared machine does not move. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return Number.NaN
  }
}

export function call(
  port: number,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: url, headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const bytes = Buffer.concat(chunks)
        resolve({ status: res.statusCode ?? 0, body: bytes.toString(), bytes: bytes.length })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

export function b01Values(random: () => number): Record<string, number> {
  const workers = 20 + Math.floor(random() * 400)
  const women = Math.floor(workers * (0.3 + random() * 0.5))
  const members = Math.floor(workers * (0.7 + random() * 0.3))
  return {
    'workers.total': workers,
    'workers.women': women,
    'workers.contract': workers,
    'workers.insured': Math.floor(workers * 0.95),
    'wage.persons': workers,
    'wage.average': 6_000_000 + Math.floor(random() * 4_000_000),
    'members.total': members,
    'members.women': Math.min(women, Math.floor(members * 0.5)),
    'members.party': Math.floor(members * 0.2),
    'members.new': Math.floor(members * 0.03),
    'union.committee': 5,
    'union.committeeWomen': 2,
    'welfare.visits': 12,
    'welfare.amount': 6_000_000,
    'gifts.tet': members,
    'gifts.tetAmount': members * 400_000,
    'maiam.houses': random() < 0.05 ? 1 : 0,
    'propaganda.sessions': 4,
    'propaganda.participants': members * 3,
    'finance.feePlanned': workers * 1_800_000,
    'finance.feeCollected': workers * 1_750_000,
  }
}
