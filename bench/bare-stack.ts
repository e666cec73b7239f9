/**
 * @module The baseline the worker is measured against: the same stack with nothing else. A Hono
 * app on @hono/node-server with a zod-validated PUT of a report's values into better-sqlite3
 * (WAL, synchronous=FULL, writes grouped into one commit as the worker does), and a small GET of
 * a JSON list. No auth, no rules, no audit, no CORS, no compression.
 * Run: node --import tsx bench/bare-stack.ts DIR   (prints "listening on 127.0.0.1:PORT")
 */
import path from 'node:path'
import Database from 'better-sqlite3'
import { Hono } from 'hono'
import { serve } from '@hono/node-server'
import { z } from 'zod'
import type { AddressInfo } from 'node:net'

const dir = process.argv[2] ?? '.'
const db = new Database(path.join(dir, 'bare.sqlite'))
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
db.exec(`CREATE TABLE IF NOT EXISTS revisions (
  id INTEGER PRIMARY KEY, unit TEXT NOT NULL, revision INTEGER NOT NULL, vals TEXT NOT NULL,
  UNIQUE (unit, revision))`)
const latest = db.prepare<[string], { revision: number }>(
  'SELECT max(revision) AS revision FROM revisions WHERE unit = ?',
)
const insert = db.prepare('INSERT INTO revisions (unit, revision, vals) VALUES (?, ?, ?)')

const bodySchema = z.object({
  formVersion: z.string().max(40),
  values: z.record(z.string().max(100), z.union([z.number(), z.string().max(2000), z.null()])),
})

let pending: { run: () => number; resolve: (revision: number) => void }[] = []
function write(run: () => number): Promise<number> {
  return new Promise((resolve) => {
    pending.push({ run, resolve })
    if (pending.length === 1) {
      setImmediate(() => {
        const batch = pending
        pending = []
        const results = db.transaction(() => batch.map((op) => op.run()))()
        batch.forEach((op, i) => op.resolve(results[i] as number))
      })
    }
  })
}

const periods = [
  { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
  { id: '2026-H1', cutoff: '2026-05-31', deadline: '2026-06-15', open: true },
]

const app = new Hono()
app.get('/api/v1/periods', (c) => c.json({ periods }))
app.put('/api/v1/units/:unit/periods/:period/forms/:form', async (c) => {
  const parsed = bodySchema.safeParse(await c.req.json())
  if (!parsed.success) {
    return c.json({ error: parsed.error.issues }, 400)
  }
  const unit = c.req.param('unit')
  const revision = await write(() => {
    const next = (latest.get(unit)?.revision ?? 0) + 1
    insert.run(unit, next, JSON.stringify(parsed.data.values))
    return next
  })
  return c.json({ submission: { unit, revision, values: parsed.data.values } }, 201)
})

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
  console.log(`listening on 127.0.0.1:${info.port}`)
})
