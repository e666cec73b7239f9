/**
 * @module WORKERS=N: N worker processes on one machine sharing the port (node:cluster), over one
 * PostgreSQL store. The primary forks them, forks again any that dies, and passes SIGINT/SIGTERM
 * on; the workers agree through the store (versions, NOTIFY, shared sign-in limits and secret).
 */
import cluster from 'node:cluster'

/** WORKERS as a count of processes (default 1), or why it cannot be. */
export function workerCount(env: NodeJS.ProcessEnv = process.env): number | Error {
  const text = env.WORKERS?.trim() || '1'
  const count = Number(text)
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    return new Error(
      `WORKERS phải là số nguyên từ 1 đến 64 / WORKERS must be a whole number from 1 to 64 (got "${text}")`,
    )
  }
  if (count > 1 && !env.DATABASE_URL) {
    return new Error(
      'WORKERS > 1 cần DATABASE_URL (PostgreSQL): một tệp SQLite chỉ phục vụ một tiến trình / WORKERS > 1 needs DATABASE_URL (PostgreSQL): a SQLite file serves one process',
    )
  }
  return count
}

/** Forks `count` workers and keeps that many running until SIGINT or SIGTERM. */
export function runCluster(count: number): void {
  let stopping = false
  for (let i = 0; i < count; i++) {
    cluster.fork()
  }
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        process.exit(0)
      }
      return
    }
    console.error(
      `Tiến trình ${worker.process.pid} dừng (${signal ?? code}); khởi động lại / worker ${worker.process.pid} exited (${signal ?? code}); starting another`,
    )
    setTimeout(() => cluster.fork(), 500)
  })
  const stop = () => {
    stopping = true
    for (const worker of Object.values(cluster.workers ?? {})) {
      worker?.kill('SIGTERM')
    }
    setTimeout(() => process.exit(0), 5000).unref()
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}
