/**
 * @module The administrator's command line (`npm run admin -- <command>`), over the store that
 * DATABASE_URL or DATA_DIR names: units:import FILE, keys:issue UNIT, keys:revoke UNIT,
 * accounts:add UNIT LOGIN "Name" --role …, accounts:roles LOGIN --role …, accounts:disable LOGIN,
 * accounts:reset LOGIN, accounts:list UNIT,
 * periods:open PERIOD --cutoff YYYY-MM-DD --deadline YYYY-MM-DD, periods:close PERIOD,
 * forms:load FILE.json, reports:import DIR_OR_ZIP --period P [--by UNIT], targets:import FILE,
 * demo, store:copy --to postgres://….
 * Unit codes are upper-cased, as they are stored. Every change is written to the audit log as
 * 'admin'.
 */
import { readFile } from 'node:fs/promises'
import { defaultCatalog } from '../shared/form-catalog.ts'
import { openStore, safeLocation, StoreConfigError } from './store/open.ts'
import type { Store } from './store/store.ts'
import { StoreUnavailableError } from './store/store.ts'
import { copySqliteToPostgres } from './store/copy.ts'
import { databasePath, dataDirectory } from './secrets.ts'
import { checkUnitLines, readUnitsFile } from './admin/units-file.ts'
import { checkPeriod, closePeriod, issueKey, openPeriod, revokeKeys } from './admin/operations.ts'
import { catalogWithStoredForms, loadFormVersion } from './admin/forms.ts'
import { demoSignIns, isEmptyStore, seedDemo } from './demo.ts'
import { reportFiles } from './admin/report-files.ts'
import { importReportFiles, type ImportOutcome } from './reports-import.ts'
import { createUnitDirectory } from './unit-directory.ts'
import { addAccount, resetPassword, setDisabled, setRoles } from './admin/accounts.ts'
import { loginSchema, roleSchema } from '../shared/account-schemas.ts'
import type { Role } from '../shared/accounts.ts'
import { z } from 'zod'
import { targetsFromFile } from './admin/targets-file.ts'

const USAGE = `Cách dùng / usage: npm run admin -- <command>
  units:import FILE                 nạp cây đơn vị từ .csv/.xlsx (code,name,parent,level[,validFrom,validTo])
  keys:issue UNIT                   cấp mã truy cập mới (in ra mã, chỉ mã)
  keys:revoke UNIT                  thu hồi mọi mã truy cập của đơn vị
  accounts:add UNIT LOGIN "Tên" --role lập-biểu,duyệt,quản-trị
                                    tạo tài khoản (in ra mã kích hoạt một lần)
  accounts:roles LOGIN --role …     đổi vai trò của tài khoản
  accounts:disable LOGIN            khóa tài khoản (phiên đăng nhập dừng ngay)
  accounts:reset LOGIN              đặt lại mật khẩu (in ra mã kích hoạt mới)
  accounts:list UNIT                liệt kê tài khoản của đơn vị
  periods:open PERIOD --cutoff YYYY-MM-DD --deadline YYYY-MM-DD
  periods:close PERIOD
  forms:load FILE.json              nạp phiên bản biểu mẫu mới (kiểm tra đủ, lỗi thì không nạp gì)
  reports:import DIR_OR_ZIP --period PERIOD [--by UNIT]
                                    nhập các mẫu báo cáo đã điền gửi qua e-mail (mỗi tệp một dòng kết quả);
                                    nhập thay đơn vị --by (mặc định: đơn vị gốc)
  targets:import FILE               nạp chỉ tiêu từ .csv/.xlsx (unit,period,form,row,value), do công
                                    đoàn cấp trên trực tiếp của từng đơn vị giao; lỗi thì không nạp gì
  demo                              tạo tỉnh mẫu (chỉ khi kho trống)
  store:copy --to postgres://…      chép kho SQLite (DATA_DIR) sang một cơ sở PostgreSQL trống và đối chiếu`

const KNOWN = [
  'units:import',
  'keys:issue',
  'keys:revoke',
  'accounts:add',
  'accounts:roles',
  'accounts:disable',
  'accounts:reset',
  'accounts:list',
  'periods:open',
  'periods:close',
  'forms:load',
  'reports:import',
  'targets:import',
  'demo',
  'store:copy',
]

const admin = { actor: 'admin', address: null }

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1)
}

async function unitExists(store: Store, code: string): Promise<boolean> {
  return (await store.listUnits()).some((unit) => unit.code === code)
}

/** The roles of `--role a,b` (empty for `--role ''`), or undefined when absent or unknown. */
/** A file refused as a whole: each problem on its line, then that nothing was imported. */
function refuseFile(file: string, problems: readonly { line: number; message: string }[]): 1 {
  for (const problem of problems) {
    console.error(`${file}:${problem.line}: ${problem.message}`)
  }
  const count = problems.length
  console.error(
    `Không nạp gì: ${count} lỗi / nothing imported: ${count} ${count === 1 ? 'problem' : 'problems'}`,
  )
  return 1
}

function rolesOption(args: string[]): Role[] | undefined {
  const value = option(args, '--role')
  if (value === undefined) {
    return undefined
  }
  const roles = value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean)
  const parsed = z.array(roleSchema).safeParse(roles)
  return parsed.success ? [...new Set(parsed.data)] : undefined
}

function report(found: boolean, login: string): number {
  if (!found) {
    console.error(`Không có tài khoản ${login} / no account ${login}`)
  }
  return found ? 0 : 1
}

async function run(store: Store, secret: () => Promise<string>, args: string[]): Promise<number> {
  const [command, target] = args
  switch (command) {
    case 'units:import': {
      if (!target) {
        break
      }
      const lines = await readUnitsFile(target)
      if (!Array.isArray(lines)) {
        console.error(`${target}:${lines.line}: ${lines.message}`)
        return 1
      }
      const checked = checkUnitLines(lines, await store.listUnits())
      if (!checked.ok) {
        return refuseFile(target, checked.problems)
      }
      await store.importUnits(checked.units, {
        ...admin,
        action: 'units.import',
        target,
        details: { count: checked.units.length },
      })
      console.error(
        `Đã nạp ${checked.units.length} đơn vị / imported ${checked.units.length} units`,
      )
      return 0
    }
    case 'keys:issue': {
      if (!target) {
        break
      }
      const unit = target.trim().toUpperCase()
      if (!(await unitExists(store, unit))) {
        console.error(`Không có đơn vị ${unit} / no unit ${unit}`)
        return 1
      }
      const { key } = await issueKey(store, unit, admin)
      console.log(key)
      return 0
    }
    case 'keys:revoke': {
      if (!target) {
        break
      }
      const unit = target.trim().toUpperCase()
      const revoked = await revokeKeys(store, unit, admin)
      console.error(`Đã thu hồi ${revoked} mã của ${unit} / revoked ${revoked} keys`)
      return revoked > 0 ? 0 : 1
    }
    case 'accounts:add': {
      const [, unitArg, loginArg, name] = args
      const login = loginSchema.safeParse(loginArg ?? '')
      const roles = rolesOption(args)
      if (!unitArg || !login.success || !name?.trim() || !roles) {
        break
      }
      const unit = unitArg.trim().toUpperCase()
      if (!(await unitExists(store, unit))) {
        console.error(`Không có đơn vị ${unit} / no unit ${unit}`)
        return 1
      }
      const code = await addAccount(
        store,
        { login: login.data, name: name.trim(), unit, roles },
        admin,
      )
      if (code === null) {
        console.error(`Tên đăng nhập ${login.data} đã có / login taken`)
        return 1
      }
      console.log(code)
      return 0
    }
    case 'accounts:roles': {
      const roles = rolesOption(args)
      if (!target || !roles) {
        break
      }
      return report(await setRoles(store, target.trim().toLowerCase(), roles, admin), target)
    }
    case 'accounts:disable': {
      if (!target) {
        break
      }
      return report(await setDisabled(store, target.trim().toLowerCase(), true, admin), target)
    }
    case 'accounts:reset': {
      if (!target) {
        break
      }
      const code = await resetPassword(store, target.trim().toLowerCase(), admin)
      if (code !== null) {
        console.log(code)
      }
      return report(code !== null, target)
    }
    case 'accounts:list': {
      if (!target) {
        break
      }
      for (const account of await store.listAccounts(target.trim().toUpperCase())) {
        const state = account.disabledAt
          ? 'đã khóa'
          : account.passwordHash
            ? 'đang dùng'
            : 'chờ kích hoạt'
        console.log([account.login, account.name, account.roles.join(',') || '-', state].join('\t'))
      }
      return 0
    }
    case 'periods:open': {
      const cutoff = option(args, '--cutoff')
      const deadline = option(args, '--deadline')
      if (!target || !cutoff || !deadline) {
        break
      }
      const checked = checkPeriod(target, cutoff, deadline)
      if (!checked.ok) {
        checked.problems.forEach((problem) => console.error(problem))
        return 1
      }
      const before = await store.getPeriod(target)
      await openPeriod(store, { id: target, cutoff, deadline }, admin)
      if (before === undefined) {
        console.error(`Đã mở kỳ ${target} (chốt ${cutoff}, hạn ${deadline}) / period opened`)
      } else if (before.cutoff === cutoff && before.deadline === deadline) {
        console.error(
          `Kỳ ${target} ${before.open ? 'đã mở sẵn' : 'đã mở lại'}, ngày không đổi (chốt ${cutoff}, hạn ${deadline}) / period ${before.open ? 'already open' : 'reopened'}, dates unchanged`,
        )
      } else {
        console.error(
          `Kỳ ${target} ${before.open ? 'đã mở sẵn' : 'đã mở lại'}; đã đổi ngày: chốt ${before.cutoff} → ${cutoff}, hạn ${before.deadline} → ${deadline} / period ${before.open ? 'was already open' : 'reopened'}; dates changed from cut-off ${before.cutoff}, deadline ${before.deadline}`,
        )
      }
      return 0
    }
    case 'periods:close': {
      if (!target) {
        break
      }
      if (!(await closePeriod(store, target, admin))) {
        console.error(`Không có kỳ ${target} / no period ${target}`)
        return 1
      }
      console.error(`Đã khóa kỳ ${target} / period closed`)
      return 0
    }
    case 'forms:load': {
      if (!target) {
        break
      }
      let data: unknown
      try {
        data = JSON.parse(await readFile(target, 'utf8'))
      } catch (error) {
        console.error(
          `${target}: không đọc được tệp JSON / cannot read the JSON file: ${(error as Error).message}`,
        )
        return 1
      }
      const { catalog } = await catalogWithStoredForms(store)
      const loaded = await loadFormVersion(store, catalog, data, admin)
      if (!loaded.ok) {
        for (const problem of loaded.problems) {
          console.error(`${target}: ${problem}`)
        }
        const count = loaded.problems.length
        console.error(
          `Không nạp gì: ${count} lỗi / nothing loaded: ${count} ${count === 1 ? 'problem' : 'problems'}`,
        )
        return 1
      }
      const { id, version } = loaded.form
      console.error(
        loaded.created
          ? `Đã nạp biểu mẫu ${id} phiên bản ${version}; các máy chủ đang chạy dùng ngay từ yêu cầu kế tiếp / loaded ${id} ${version}; running workers serve it from their next request`
          : `Biểu mẫu ${id} phiên bản ${version} đã có, không đổi gì / ${id} ${version} is already loaded`,
      )
      return 0
    }
    case 'reports:import': {
      const periodId = option(args, '--period')
      if (!target || !periodId) {
        break
      }
      const files = await reportFiles(target)
      if (!Array.isArray(files)) {
        console.error(files.message)
        return 1
      }
      const period = await store.getPeriod(periodId)
      if (!period) {
        console.error(`Không có kỳ ${periodId} / no period ${periodId}`)
        return 1
      }
      const units = createUnitDirectory(store)
      const tree = await units.treeAt(period.cutoff)
      const by = option(args, '--by')?.trim().toUpperCase() ?? tree.roots[0]
      if (!by || !tree.has(by)) {
        console.error(`Không có đơn vị ${by ?? ''} / no unit ${by ?? ''}`)
        return 1
      }
      const { catalog } = await catalogWithStoredForms(store)
      const counts = new Map<ImportOutcome, number>()
      await importReportFiles(
        { store, catalog, units, now: () => new Date() },
        { by, period: period.id, address: null },
        files,
        (line) => {
          counts.set(line.outcome, (counts.get(line.outcome) ?? 0) + 1)
          console.log(`${line.file}: ${line.message}`)
        },
      )
      const stored = counts.get('stored') ?? 0
      const duplicate = counts.get('duplicate') ?? 0
      const other = files.length - stored - duplicate
      console.error(
        `${files.length} tệp: lưu ${stored}, trùng ${duplicate}, không nhận ${other} / ${files.length} files: ${stored} stored, ${duplicate} duplicates, ${other} refused`,
      )
      return other > 0 ? 1 : 0
    }
    case 'targets:import': {
      if (!target) {
        break
      }
      const { catalog } = await catalogWithStoredForms(store)
      const read = await targetsFromFile(
        target,
        { store, catalog, units: createUnitDirectory(store) },
        new Date(),
      )
      if (!read.ok) {
        return refuseFile(target, read.problems)
      }
      await store.saveTargets(read.targets, {
        ...admin,
        action: 'targets.import',
        target,
        details: { count: read.targets.length },
      })
      console.error(
        `Đã nạp ${read.targets.length} chỉ tiêu / ${read.targets.length} targets imported`,
      )
      return 0
    }
    case 'store:copy': {
      const to = option(args, '--to')
      if (!to) {
        break
      }
      if (process.env.DATABASE_URL) {
        console.error(
          'store:copy chép kho SQLite của DATA_DIR: hãy bỏ DATABASE_URL / store:copy copies the SQLite store of DATA_DIR: unset DATABASE_URL',
        )
        return 1
      }
      const outcome = await copySqliteToPostgres(
        databasePath(dataDirectory()),
        to,
        async (source) => (await catalogWithStoredForms(source)).catalog,
      ).catch((error: unknown) => {
        if (error instanceof StoreUnavailableError) {
          return {
            ok: false as const,
            problems: [
              `Không kết nối được PostgreSQL / cannot reach PostgreSQL at ${safeLocation(to)}: ${error.message}`,
            ],
          }
        }
        throw error
      })
      if (!outcome.ok) {
        outcome.problems.forEach((problem) => console.error(problem))
        return 1
      }
      const counts = Object.entries(outcome.counts)
        .map(([table, count]) => `${table} ${count}`)
        .join(', ')
      console.error(`Đã chép sang / copied to ${safeLocation(to)}: ${counts}`)
      console.error(
        `Đối chiếu: số dòng mọi bảng bằng nhau, ${outcome.rollups} bảng tổng hợp (đơn vị × kỳ × biểu × cách xem) trùng khớp / checked: equal row counts, ${outcome.rollups} equal rollups (unit × period × form × view)`,
      )
      return 0
    }
    case 'demo': {
      if (!(await isEmptyStore(store))) {
        console.error('Kho đã có dữ liệu, không tạo tỉnh mẫu / the store is not empty')
        return 1
      }
      const keys = await seedDemo(store, defaultCatalog(), { secret: await secret() })
      for (const [unit, key] of Object.entries(keys)) {
        console.log(`${unit}\t${key}`)
      }
      for (const person of await demoSignIns(store, await secret())) {
        console.log(`${person.login}\t${person.code ?? ''}`)
      }
      return 0
    }
  }
  if (command !== undefined && !KNOWN.includes(command)) {
    console.error(`Không có lệnh "${command}" / unknown command "${command}"`)
  } else if (command !== undefined) {
    console.error(`Lệnh ${command} thiếu tham số / ${command}: missing arguments`)
  }
  console.error(USAGE)
  return 2
}

const opened = await openStore().catch((error: unknown) => {
  console.error(error instanceof StoreConfigError ? error.message : error)
  process.exit(1)
})
const { store } = opened
const code = await run(store, () => opened.tokenSecret(), process.argv.slice(2))
await store.close()
process.exit(code)
