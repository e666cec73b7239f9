/** @module Tests of the admin command line (npm run admin), run as a child process. */
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { openSqliteStore } from '../../worker/store/sqlite/store.ts'
import { databasePath } from '../../worker/secrets.ts'
import { verifyKey } from '../../worker/auth/keys.ts'
import { toWindows1258 } from './admin/windows-1258.ts'
import { crc32 } from 'node:zlib'
import { defaultCatalog } from '../../shared/form-catalog.ts'
import { templateWorkbook } from '../../worker/xlsx/template.ts'

const run = promisify(execFile)
const root = path.resolve(import.meta.dirname, '../..')

/** Each command starts a node process with tsx: seconds each on a loaded machine. */
const SLOW = 120_000

async function admin(dataDir: string, ...args: string[]) {
  return adminWith({ DATA_DIR: dataDir }, ...args)
}

async function adminWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'worker/admin.ts', ...args],
      { cwd: root, env: { ...process.env, ...env } },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

async function withStore<T>(
  dataDir: string,
  use: (store: ReturnType<typeof openSqliteStore>) => Promise<T>,
) {
  const store = openSqliteStore({ path: databasePath(dataDir) })
  try {
    return await use(store)
  } finally {
    await store.close()
  }
}

describe('npm run admin', () => {
  it(
    'units:import reports every bad line with its number and imports nothing',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'admin-'))
      const file = path.join(dir, 'units.csv')
      writeFileSync(
        file,
        [
          'code,name,parent,level,validFrom,validTo',
          'BK,LĐLĐ tỉnh Bắc Kạn,,province,,',
          'BK.GD,Công đoàn ngành Giáo dục,BK,upper,,',
          'BK.GD.001,CĐCS Trường A,BK.ZZ,grassroots,,',
          'BK.GD.002,CĐCS Trường B,BK.GD,school,,',
          'BK.GD.003,CĐCS Trường C,BK.GD,grassroots,2026-02-30,',
          'BK.GD,Trùng mã,BK,upper,,',
          'BK.A,Vòng A,BK.B,upper,,',
          'BK.B,Vòng B,BK.A,upper,,',
        ].join('\n'),
      )
      const result = await admin(dir, 'units:import', file)
      expect(result.code).toBe(1)
      const lines = result.stderr
        .split('\n')
        .filter((l) => l.startsWith(file))
        .map((l) => Number(l.slice(file.length + 1).split(':')[0]))
      expect([...new Set(lines)]).toEqual([4, 5, 6, 7, 8, 9])
      expect(result.stderr).toContain('unknown parent BK.ZZ')
      expect(result.stderr).toContain('bad level "school"')
      expect(result.stderr).toContain('parent cycle')
      expect(await withStore(dir, (store) => store.listUnits())).toEqual([])
    },
    SLOW,
  )

  it(
    'imports an .xlsx, issues a key printed alone on stdout, revokes it, opens and closes periods',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'admin-'))
      const file = path.join(dir, 'units.xlsx')
      const workbook = new ExcelJS.Workbook()
      const sheet = workbook.addWorksheet('Đơn vị')
      sheet.addRows([
        ['code', 'name', 'parent', 'level'],
        ['BK', 'Liên đoàn Lao động tỉnh Bắc Kạn', '', 'province'],
        ['BK.YT', 'Công đoàn ngành Y tế', 'BK', 'upper'],
        // Codes are stored upper case, whatever the file or the command line says.
        ['bk.yt.001', 'CĐCS Bệnh viện Đa khoa tỉnh', 'Bk.Yt', 'grassroots'],
      ])
      await workbook.xlsx.writeFile(file)
      expect((await admin(dir, 'units:import', file)).code).toBe(0)

      const issued = await admin(dir, 'keys:issue', 'bk.yt.001')
      expect(issued.code).toBe(0)
      expect(issued.stdout).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\n$/)
      const key = issued.stdout.trim()
      await withStore(dir, async (store) => {
        const [stored] = await store.activeKeys('BK.YT.001')
        expect(stored?.hash).not.toContain(key)
        expect(await verifyKey(key, stored?.hash ?? '')).toBe(true)
      })
      expect((await admin(dir, 'keys:issue', 'NOPE')).code).toBe(1)
      expect((await admin(dir, 'keys:revoke', 'BK.YT.001')).code).toBe(0)
      expect(await withStore(dir, (store) => store.activeKeys('BK.YT.001'))).toEqual([])

      const added = await admin(
        dir,
        'accounts:add',
        'bk.yt.001',
        'Lan@BK.vn',
        'Nguyễn Thị Lan',
        '--role',
        'lập-biểu,duyệt',
      )
      expect(added.code).toBe(0)
      const code = added.stdout.trim()
      await withStore(dir, async (store) => {
        const account = await store.getAccount('lan@bk.vn')
        expect(account).toMatchObject({ unit: 'BK.YT.001', roles: ['lập-biểu', 'duyệt'] })
        expect(await verifyKey(code, account?.codeHash ?? '')).toBe(true)
      })
      expect(
        (await admin(dir, 'accounts:add', 'BK.YT.001', 'x.y', 'X', '--role', 'chủ-tịch')).code,
      ).toBe(2)
      expect((await admin(dir, 'accounts:roles', 'lan@bk.vn', '--role', 'quản-trị')).code).toBe(0)
      expect((await admin(dir, 'accounts:disable', 'lan@bk.vn')).code).toBe(0)
      expect((await admin(dir, 'accounts:disable', 'nobody')).code).toBe(1)
      const listed = await admin(dir, 'accounts:list', 'bk.yt.001')
      expect(listed.stdout).toBe('lan@bk.vn\tNguyễn Thị Lan\tquản-trị\tđã khóa\n')

      expect(
        (
          await admin(
            dir,
            'periods:open',
            '2026-X',
            '--cutoff',
            '2026-11-30',
            '--deadline',
            '2026-12-15',
          )
        ).code,
      ).toBe(1)
      expect(
        (
          await admin(
            dir,
            'periods:open',
            '2026-Y',
            '--cutoff',
            '2026-11-30',
            '--deadline',
            '2026-11-01',
          )
        ).code,
      ).toBe(1)
      expect(
        (
          await admin(
            dir,
            'periods:open',
            '2026-Y',
            '--cutoff',
            '2026-11-30',
            '--deadline',
            '2026-12-15',
          )
        ).code,
      ).toBe(0)
      expect((await admin(dir, 'periods:close', '2026-Y')).code).toBe(0)
      await withStore(dir, async (store) => {
        expect(await store.listPeriods()).toEqual([
          { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: false },
        ])
        const audit = await store.listAudit({ limit: 10 })
        expect(audit.map((a) => [a.actor, a.action])).toEqual([
          ['admin', 'period.close'],
          ['admin', 'period.open'],
          ['admin', 'account.disable'],
          ['admin', 'account.roles'],
          ['admin', 'account.add'],
          ['admin', 'key.revoke'],
          ['admin', 'key.issue'],
          ['admin', 'units.import'],
        ])
      })
    },
    SLOW,
  )

  it(
    'prints the usage and exits 2 for an unknown command',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'admin-'))
      const result = await admin(dir, 'units:delete')
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(
        'Không có lệnh "units:delete" / unknown command "units:delete"',
      )
      expect(result.stderr).toContain('keys:issue UNIT')
    },
    SLOW,
  )

  it(
    'stops with one line when DATABASE_URL names a PostgreSQL it cannot reach, never using SQLite',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'admin-'))
      const result = await adminWith(
        { DATA_DIR: dir, DATABASE_URL: 'postgres://postgres@127.0.0.1:1/baocao' },
        'keys:issue',
        'BK',
      )
      expect(result.code).toBe(1)
      expect(result.stdout).toBe('')
      expect(result.stderr).toContain(
        'cannot reach PostgreSQL at postgres://postgres@127.0.0.1:1/baocao',
      )
      expect(existsSync(path.join(dir, 'baocao.sqlite'))).toBe(false)
    },
    SLOW,
  )

  it(
    'says one problem in the singular, and what dates an already open period had',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'admin-'))
      const file = path.join(dir, 'units.csv')
      writeFileSync(file, 'code,name,parent,level\nBK,Tỉnh,,huyện\n')
      const bad = await admin(dir, 'units:import', file)
      expect(bad.code).toBe(1)
      expect(bad.stderr).toContain('nothing imported: 1 problem\n')
      await admin(
        dir,
        'periods:open',
        '2027-H1',
        '--cutoff',
        '2027-05-31',
        '--deadline',
        '2027-06-15',
      )
      const again = await admin(
        dir,
        'periods:open',
        '2027-H1',
        '--cutoff',
        '2027-05-31',
        '--deadline',
        '2027-06-30',
      )
      expect(again.code).toBe(0)
      expect(again.stderr).toContain('hạn 2027-06-15 → 2027-06-30')
      expect(again.stderr).toContain('was already open')
    },
    SLOW,
  )

  it(
    'imports a unit list Excel saved in windows-1258 with its names intact',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'admin-'))
      const file = path.join(dir, 'units.csv')
      const csv =
        'code,name,parent,level\r\nBK,LĐLĐ tỉnh Bắc Kạn,,tỉnh\r\nBK.GD,Công đoàn ngành Giáo dục,BK,cấp trên\r\nBK.GD.001,CĐCS Trường Tiểu học Bằng Vân,BK.GD,cơ sở\r\n'
      writeFileSync(file, toWindows1258(csv))
      const result = await admin(dir, 'units:import', file)
      expect(result.code, result.stderr).toBe(0)
      const names = await withStore(dir, async (store) =>
        (await store.listUnits()).map((unit) => unit.name),
      )
      expect(names.sort()).toEqual(
        ['CĐCS Trường Tiểu học Bằng Vân', 'Công đoàn ngành Giáo dục', 'LĐLĐ tỉnh Bắc Kạn'].sort(),
      )
    },
    SLOW,
  )

  it(
    'reports:import takes a .zip of e-mailed templates, a line per file, and a second run stores nothing',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'admin-'))
      const units = path.join(dir, 'units.csv')
      writeFileSync(
        units,
        'code,name,parent,level\nBK,Tỉnh,,tỉnh\nBK.GD,Giáo dục,BK,cấp trên\nBK.GD.001,Trường A,BK.GD,cơ sở\n',
      )
      await admin(dir, 'units:import', units)
      await admin(
        dir,
        'periods:open',
        '2026-Y',
        '--cutoff',
        '2026-11-30',
        '--deadline',
        '2026-12-15',
      )
      const blank = await templateWorkbook(defaultCatalog().get('B01')!)
      const workbook = new ExcelJS.Workbook()
      await workbook.xlsx.load(Buffer.from(blank) as unknown as ArrayBuffer)
      workbook.worksheets[0]?.eachRow((row) => {
        const code = row.getCell(6).value
        if (code === 'workers.total') {
          row.getCell(4).value = 40
        }
        if (code === 'members.total') {
          row.getCell(4).value = 31
        }
      })
      const filled = new Uint8Array(await workbook.xlsx.writeBuffer())
      const zip = path.join(dir, 'email.zip')
      writeFileSync(
        zip,
        storedZip([
          ['thu/BK.GD.001 - Truong A.xlsx', filled],
          ['thu/khong-ten.xlsx', filled],
          ['__MACOSX/thu/._BK.GD.001 - Truong A.xlsx', new Uint8Array(4)],
        ]),
      )
      const first = await admin(dir, 'reports:import', zip, '--period', '2026-Y')
      expect(first.stdout.trim().split('\n')).toEqual([
        expect.stringMatching(
          /^thu\/BK\.GD\.001 - Truong A\.xlsx: đã lưu báo cáo của BK\.GD\.001, phiên bản 1/,
        ),
        expect.stringMatching(/^thu\/khong-ten\.xlsx: mẫu trống không ghi đơn vị/),
      ])
      expect(first.code).toBe(1)
      const again = await admin(dir, 'reports:import', zip, '--period', '2026-Y')
      expect(again.stdout).toContain('trùng phiên bản 1')
      expect(again.stderr).toContain('0 stored')
      const revisions = await withStore(dir, (store) =>
        store.revisions('BK.GD.001', '2026-Y', 'B01'),
      )
      expect(revisions.map((r) => [r.revision, r.submittedBy])).toEqual([[1, 'BK']])
    },
    SLOW,
  )

  it(
    "targets:import stores targets set by each unit's upper union, and nothing when a line is bad",
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'admin-'))
      await withStore(dir, async (store) => {
        const audit = { actor: 'admin', address: null, action: 'seed', target: 't', details: {} }
        await store.importUnits(
          [
            { code: 'P', name: 'Tỉnh', parent: null, level: 'province' },
            { code: 'U1', name: 'Ngành', parent: 'P', level: 'upper' },
          ],
          audit,
        )
        await store.savePeriod(
          { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
          audit,
        )
      })
      const bad = path.join(dir, 'bad.csv')
      writeFileSync(
        bad,
        'unit,period,form,row,value\nU1,2026-Y,B01,members.new,40\nP,2026-Y,B01,members.new,9\n',
      )
      const refused = await admin(dir, 'targets:import', bad)
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain(`${bad}:3:`)
      const good = path.join(dir, 'good.csv')
      writeFileSync(good, 'unit,period,form,row,value\nU1,2026-Y,B01,members.new,40\n')
      const done = await admin(dir, 'targets:import', good)
      expect(done.code).toBe(0)
      const targets = await withStore(dir, (store) => store.listTargets('2026-Y', 'B01'))
      expect(targets.map((t) => [t.unit, t.row, t.value, t.setBy])).toEqual([
        ['U1', 'members.new', 40, 'P'],
      ])
    },
    SLOW,
  )
})

/** A zip archive of stored (uncompressed) entries, as the simplest zip tools write. */
function storedZip(entries: [string, Uint8Array][]): Uint8Array {
  const locals: Buffer[] = []
  const directory: Buffer[] = []
  let offset = 0
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name, 'utf8')
    const crc = crc32(data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(0x800, 6)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(data.length, 18)
    local.writeUInt32LE(data.length, 22)
    local.writeUInt16LE(nameBytes.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x800, 8)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(data.length, 20)
    central.writeUInt32LE(data.length, 24)
    central.writeUInt16LE(nameBytes.length, 28)
    central.writeUInt32LE(offset, 42)
    locals.push(local, nameBytes, Buffer.from(data))
    directory.push(central, nameBytes)
    offset += 30 + nameBytes.length + data.length
  }
  const size = directory.reduce((sum, part) => sum + part.length, 0)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(size, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, ...directory, end])
}
