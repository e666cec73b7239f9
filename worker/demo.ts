/**
 * @module The demo province, modelled on LĐLĐ tỉnh Bắc Kạn (seed 000): the provincial federation,
 * twelve upper-level unions (four công đoàn ngành and eight commune unions), about 740 grassroots
 * unions (two with member CĐCS two levels down), ~25,000 workers and ~21,000 members; three periods
 * (2025-Y and 2026-H1 closed, 2026-Y open until 15/12/2026) with submissions, some missing, some
 * late, some returned, most accepted. Deterministic: a seeded PRNG, fixed times.
 *
 * Demo keys are derived from the installation's token secret (`demoKey`), so `npm start` can
 * print them on every start while they are active; nobody without the data directory knows them.
 * So are the one-time codes of the demo people (DEMO_PEOPLE), printed until each sets a password;
 * their reports and reviews carry their names, as a signed-in person's do.
 */
import type { FormDefinition, RawValues, Values } from '../shared/form-definition.ts'
import { checkSubmission, hasErrors } from '../shared/validation.ts'
import { previousComparablePeriod } from '../shared/periods.ts'
import { formForLevel } from '../shared/form-catalog.ts'
import type { FormCatalog } from '../shared/form-catalog.ts'
import type { ActingPerson, Role } from '../shared/accounts.ts'
import type { Unit } from '../shared/unit-tree.ts'
import type { Period } from '../shared/api-schemas.ts'
import type { Store } from './store/store.ts'
import { demoKey, verifyKey } from './auth/keys.ts'
import type { ScryptCost } from './auth/keys.ts'
import { issueKey } from './admin/operations.ts'
import { addAccount, type NewAccount } from './admin/accounts.ts'
import { prng } from './prng.ts'

export const DEMO_PROVINCE = 'BK'

/** The units whose keys the demo issues and prints: the province, two upper unions, two CĐCS. */
export const DEMO_KEY_UNITS = ['BK', 'BK.GD', 'BK.X01', 'BK.GD.001', 'BK.KCN.001'] as const

/**
 * The demo people (tài khoản mẫu): at the upper union BK.GD a clerk (lập biểu) who sent its B02
 * and a reviewer (duyệt) who accepted and returned its schools' reports; a clerk at the CĐCS
 * BK.GD.001 who sent its B01; the province's administrator (quản trị).
 */
export const DEMO_PEOPLE: readonly NewAccount[] = [
  { login: 'lan.gd', name: 'Nguyễn Thị Lan', unit: 'BK.GD', roles: ['lập-biểu'] },
  { login: 'hung.gd', name: 'Hoàng Văn Hùng', unit: 'BK.GD', roles: ['duyệt'] },
  { login: 'ha.thpt', name: 'Đặng Thu Hà', unit: 'BK.GD.001', roles: ['lập-biểu'] },
  { login: 'thang.bk', name: 'Lò Văn Thắng', unit: 'BK', roles: ['quản-trị'] },
]

/** The demo person at `unit` holding `role`, as a record names them; null: the unit key acted. */
function demoPerson(unit: string, role: Role): ActingPerson | null {
  const person = DEMO_PEOPLE.find((p) => p.unit === unit && p.roles.includes(role))
  return person ? { login: person.login, name: person.name } : null
}

/** The audit log's form of a person: `Name <login>`. */
function auditPerson(person: ActingPerson | null): string | null {
  return person ? `${person.name} <${person.login}>` : null
}

/** A demo person's one-time code, derived from the secret like a demo key (no unit has a colon). */
function demoCode(secret: string, login: string): string {
  return demoKey(secret, `account:${login}`)
}

export const DEMO_PERIODS: Period[] = [
  { id: '2025-Y', cutoff: '2025-11-30', deadline: '2025-12-15', open: false },
  { id: '2026-H1', cutoff: '2026-05-31', deadline: '2026-06-15', open: false },
  { id: '2026-Y', cutoff: '2026-11-30', deadline: '2026-12-15', open: true },
]

type Sector = 'school' | 'health' | 'office' | 'company' | 'coop'

interface DemoUnit extends Unit {
  sector: Sector
  workers: number
}

const PLACES = [
  'Bằng Vân',
  'Cốc Đán',
  'Thượng Quan',
  'Đức Vân',
  'Hà Hiệu',
  'Phúc Lộc',
  'Chu Hương',
  'Mỹ Phương',
  'Đồng Phúc',
  'Quảng Khê',
  'Nam Mẫu',
  'Khang Ninh',
  'Cao Thượng',
  'Địa Linh',
  'Yến Dương',
  'Thượng Giáo',
  'Bành Trạch',
  'Chợ Rã',
  'Cao Sơn',
  'Vân Tùng',
  'Nà Phặc',
  'Thượng Minh',
  'Bằng Thành',
  'Nghiên Loan',
  'Xuân La',
  'An Thắng',
  'Cao Tân',
  'Cổ Linh',
  'Công Bằng',
  'Giáo Hiệu',
  'Nhạn Môn',
  'Bộc Bố',
  'Yên Lạc',
  'Kim Hỷ',
  'Lương Thượng',
  'Văn Lang',
  'Sơn Thành',
  'Kim Lư',
  'Cường Lợi',
  'Văn Minh',
  'Côn Minh',
  'Xuân Dương',
  'Dương Sơn',
  'Liêm Thủy',
  'Trần Phú',
  'Lương Bằng',
  'Nam Cường',
  'Quảng Bạch',
  'Bằng Lãng',
  'Đại Sảo',
  'Yên Mỹ',
  'Yên Thượng',
  'Bản Thi',
  'Đông Viên',
  'Phong Huân',
  'Bình Trung',
  'Xuân Lạc',
  'Yên Phong',
  'Tân Lập',
  'Đồng Thắng',
  'Cẩm Giàng',
  'Quân Hà',
  'Lục Bình',
  'Vi Hương',
  'Sỹ Bình',
  'Phương Linh',
  'Đôn Phong',
  'Mỹ Thanh',
  'Quang Thuận',
  'Nguyên Phúc',
  'Tân Tú',
  'Hà Vị',
  'Thanh Mai',
  'Nông Hạ',
  'Thanh Vận',
  'Hòa Mục',
  'Yên Đĩnh',
  'Như Cố',
  'Bình Văn',
  'Quảng Chu',
  'Cao Kỳ',
  'Yên Cư',
  'Thanh Thịnh',
  'Tân Sơn',
  'Thanh Bình',
  'Yên Hân',
  'Mai Lạp',
  'Nông Thịnh',
]

const COMMUNES = [
  ['BK.P01', 'Công đoàn phường Đức Xuân'],
  ['BK.P02', 'Công đoàn phường Bắc Kạn'],
  ['BK.X01', 'Công đoàn xã Chợ Đồn'],
  ['BK.X02', 'Công đoàn xã Ba Bể'],
  ['BK.X03', 'Công đoàn xã Na Rì'],
  ['BK.X04', 'Công đoàn xã Ngân Sơn'],
  ['BK.X05', 'Công đoàn xã Bạch Thông'],
  ['BK.X06', 'Công đoàn xã Chợ Mới'],
] as const

const OFFICES = [
  'Sở Tài chính',
  'Sở Nội vụ',
  'Sở Tư pháp',
  'Sở Xây dựng',
  'Sở Công Thương',
  'Sở Nông nghiệp và Môi trường',
  'Sở Khoa học và Công nghệ',
  'Sở Văn hóa, Thể thao và Du lịch',
  'Sở Giáo dục và Đào tạo',
  'Sở Y tế',
  'Văn phòng UBND tỉnh',
  'Văn phòng Tỉnh ủy',
  'Văn phòng Đoàn ĐBQH và HĐND tỉnh',
  'Thanh tra tỉnh',
  'Ban Dân tộc tỉnh',
  'Đài Phát thanh và Truyền hình tỉnh',
  'Báo Bắc Kạn',
  'Bảo hiểm xã hội tỉnh',
  'Kho bạc Nhà nước khu vực',
  'Thuế tỉnh Bắc Kạn',
  'Ngân hàng Chính sách xã hội tỉnh',
  'Trường Cao đẳng Bắc Kạn',
  'Trường Chính trị tỉnh',
  'Liên minh Hợp tác xã tỉnh',
  'Hội Nông dân tỉnh',
  'Tỉnh đoàn Bắc Kạn',
  'Hội Liên hiệp Phụ nữ tỉnh',
  'Ủy ban MTTQ Việt Nam tỉnh',
  'Cơ quan LĐLĐ tỉnh',
  'Ban Quản lý dự án đầu tư xây dựng tỉnh',
  'Trung tâm Phục vụ hành chính công',
  'Trung tâm Dịch vụ việc làm',
  'Quỹ Đầu tư phát triển tỉnh',
  'Vườn Quốc gia Ba Bể',
  'Ban Quản lý các Khu công nghiệp',
  'Thư viện tỉnh',
  'Bảo tàng tỉnh',
  'Trung tâm Kiểm soát bệnh tật',
  'Sở Ngoại vụ',
  'Công an tỉnh (khối lao động hợp đồng)',
  'Trung tâm Công nghệ thông tin',
  'Chi cục Thống kê tỉnh',
  'Viện Kiểm sát nhân dân tỉnh',
  'Tòa án nhân dân tỉnh',
  'Cục Thi hành án dân sự tỉnh',
]

const MEMBER_UNITS: Record<string, string[]> = {
  'Sở Nông nghiệp và Môi trường': [
    'Chi cục Kiểm lâm',
    'Chi cục Thủy lợi',
    'Trung tâm Khuyến nông',
    'Ban Quản lý rừng đặc dụng Kim Hỷ',
  ],
  'Bảo hiểm xã hội tỉnh': ['BHXH khu vực Chợ Đồn', 'BHXH khu vực Ba Bể', 'BHXH khu vực Na Rì'],
}

const COMPANY_KINDS = [
  'Công ty TNHH May',
  'Công ty CP Khoáng sản',
  'Công ty TNHH Chế biến gỗ',
  'Công ty CP Xi măng',
  'Công ty TNHH Chè',
  'Công ty CP Dược liệu',
  'Công ty TNHH Điện tử',
  'Công ty CP Gạch ngói',
  'Công ty TNHH Thực phẩm',
  'Công ty CP Thủy điện',
]

const SCHOOL_KINDS = [
  'Trường Mầm non',
  'Trường Tiểu học',
  'Trường THCS',
  'Trường Tiểu học và THCS',
  'Trường PTDT Bán trú',
  'Trường THPT',
]

const LOCAL_KINDS: [string, Sector][] = [
  ['UBND', 'office'],
  ['Đảng ủy', 'office'],
  ['Hợp tác xã Nông nghiệp', 'coop'],
  ['Hợp tác xã Dịch vụ', 'coop'],
  ['Công ty TNHH Xây dựng', 'company'],
  ['Công ty TNHH Thương mại', 'company'],
  ['Bưu điện văn hóa xã', 'office'],
  ['Nghiệp đoàn vận tải', 'coop'],
]

/** The demo unit tree with each unit's sector and workforce; the same on every call. */
export function demoUnits(): DemoUnit[] {
  const random = prng(753)
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T
  const units: DemoUnit[] = [
    {
      code: 'BK',
      name: 'Liên đoàn Lao động tỉnh Bắc Kạn',
      parent: null,
      level: 'province',
      sector: 'office',
      workers: 0,
    },
  ]
  const upper = (code: string, name: string) =>
    units.push({ code, name, parent: 'BK', level: 'upper', sector: 'office', workers: 0 })
  const grassroots = (parent: string, n: number, name: string, sector: Sector, workers: number) => {
    const code = `${parent}.${String(n).padStart(3, '0')}`
    units.push({ code, name, parent, level: 'grassroots', sector, workers })
    return code
  }
  upper('BK.GD', 'Công đoàn ngành Giáo dục tỉnh Bắc Kạn')
  upper('BK.YT', 'Công đoàn ngành Y tế tỉnh Bắc Kạn')
  upper('BK.VC', 'Công đoàn Viên chức tỉnh Bắc Kạn')
  upper('BK.KCN', 'Công đoàn các Khu công nghiệp tỉnh Bắc Kạn')
  for (const [code, name] of COMMUNES) {
    upper(code, name)
  }

  const schools = new Set<string>()
  let n = 0
  grassroots('BK.GD', ++n, 'CĐCS Trường THPT Chuyên Bắc Kạn', 'school', 72)
  while (n < 250) {
    const name = `CĐCS ${pick(SCHOOL_KINDS)} ${pick(PLACES)}`
    if (schools.has(name)) {
      continue
    }
    schools.add(name)
    const big = name.includes('THPT')
    grassroots('BK.GD', ++n, name, 'school', big ? between(45, 80) : between(14, 48))
  }

  n = 0
  grassroots('BK.YT', ++n, 'CĐCS Bệnh viện Đa khoa tỉnh Bắc Kạn', 'health', 612)
  for (const [, commune] of COMMUNES) {
    grassroots(
      'BK.YT',
      ++n,
      `CĐCS Trung tâm Y tế khu vực ${commune.replace(/^Công đoàn (xã|phường) /, '')}`,
      'health',
      between(45, 90),
    )
  }
  for (const place of PLACES.slice(0, 61)) {
    grassroots('BK.YT', ++n, `CĐCS Trạm Y tế xã ${place}`, 'health', between(5, 9))
  }

  n = 0
  for (const office of OFFICES) {
    const code = grassroots('BK.VC', ++n, `CĐCS ${office}`, 'office', between(18, 70))
    MEMBER_UNITS[office]?.forEach((member, i) => {
      units.push({
        code: `${code}.${String(i + 1).padStart(2, '0')}`,
        name: `CĐCS ${member}`,
        parent: code,
        level: 'grassroots',
        sector: 'office',
        workers: between(12, 35),
      })
    })
  }

  n = 0
  const companies = new Set<string>()
  while (n < 45) {
    const name = `CĐCS ${pick(COMPANY_KINDS)} ${pick(PLACES)}`
    if (companies.has(name)) {
      continue
    }
    companies.add(name)
    grassroots('BK.KCN', ++n, name, 'company', between(30, 330))
  }

  for (const [commune] of COMMUNES) {
    const seen = new Set<string>()
    n = 0
    while (n < 40) {
      const [kind, sector] = pick(LOCAL_KINDS)
      const name = `CĐCS ${kind} ${kind.endsWith('xã') ? '' : 'xã '}${pick(PLACES)}`.replace(
        /\s+/g,
        ' ',
      )
      if (seen.has(name)) {
        continue
      }
      seen.add(name)
      grassroots(
        commune,
        ++n,
        name,
        sector,
        sector === 'company' ? between(12, 60) : between(6, 22),
      )
    }
  }
  const dissolved = units.find((u) => u.code === 'BK.X03.040')
  if (dissolved) {
    dissolved.validTo = '2026-03-31'
    dissolved.name = `${dissolved.name} (đã giải thể)`
  }
  units.push({
    code: 'BK.KCN.046',
    name: 'CĐCS Công ty TNHH Sản xuất Linh kiện Thanh Bình',
    parent: 'BK.KCN',
    level: 'grassroots',
    validFrom: '2026-07-01',
    sector: 'company',
    workers: 230,
  })
  return units
}

const SHARES: Record<Sector, { women: number; members: number; party: number; wage: number }> = {
  school: { women: 0.78, members: 0.99, party: 0.45, wage: 8_200_000 },
  health: { women: 0.66, members: 0.98, party: 0.35, wage: 8_900_000 },
  office: { women: 0.46, members: 0.99, party: 0.7, wage: 9_300_000 },
  company: { women: 0.55, members: 0.72, party: 0.04, wage: 7_400_000 },
  coop: { women: 0.38, members: 0.6, party: 0.08, wage: 4_900_000 },
}

/** Plausible B01 figures for a grassroots union of `workers` people over a span of `months`. */
export function grassrootsFigures(
  random: () => number,
  unit: DemoUnit,
  months: number,
  drift: number,
): RawValues {
  const r = (x: number) => Math.max(0, Math.round(x))
  const share = SHARES[unit.sector]
  const span = months / 12
  const w = Math.max(3, r(unit.workers * drift))
  const women = r(w * share.women * (0.9 + random() * 0.2))
  const members = Math.min(w, r(w * share.members * (0.95 + random() * 0.05)))
  const membersWomen = Math.min(members, women, r(members * share.women))
  const wage = Math.round((share.wage * (0.9 + random() * 0.25)) / 1000) * 1000
  const contract = unit.sector === 'coop' ? r(w * 0.8) : w
  const insured = Math.min(contract, r(contract * (unit.sector === 'coop' ? 0.7 : 0.98)))
  const underemployed =
    unit.sector === 'company' || unit.sector === 'coop' ? r(w * random() * 0.05) : 0
  const committee = Math.min(members, members < 10 ? 1 : members < 30 ? 3 : members < 150 ? 5 : 9)
  const leaders = Math.min(w, Math.max(1, r(w / 15)))
  const leadersWomen = Math.min(leaders, women, r(leaders * share.women * 0.7))
  const houses = random() < 0.05 ? 1 : 0
  const feePlanned = r((w * wage * 12 * span * 0.02) / 1000) * 1000
  const duesPlanned = r((members * wage * 12 * span * 0.01 * 0.9) / 1000) * 1000
  const feeCollected = r((feePlanned * (0.9 + random() * 0.1)) / 1000) * 1000
  const duesCollected = r((duesPlanned * (0.92 + random() * 0.08)) / 1000) * 1000
  const introduced = members > 20 && random() < 0.4 ? 1 + Math.floor(random() * 3) : 0
  const sessions = r((2 + random() * 6) * span) + 1
  const courses = random() < 0.3 ? 1 : 0
  const inForce = unit.sector === 'company' || unit.sector === 'office' || random() < 0.5 ? 1 : 0
  return {
    'workers.total': w,
    'workers.women': women,
    'workers.contract': contract,
    'workers.insured': insured,
    'workers.underemployed': underemployed,
    'workers.underemployedWomen': Math.min(underemployed, women, r(underemployed * share.women)),
    'wage.persons': w,
    'wage.average': wage,
    'wage.arrearsPersons': 0,
    'wage.arrears': 0,
    'housing.difficult': r(w * 0.02),
    'housing.supported': Math.min(houses, r(w * 0.02)),
    'members.total': members,
    'members.women': membersWomen,
    'members.party': Math.min(members, r(members * share.party)),
    'members.new': Math.min(members, r(members * 0.04 * span + (random() < 0.3 ? 1 : 0))),
    'members.transferredIn': r(random() * 2 * span),
    'members.card': members,
    'members.transferredOut': r(random() * 2 * span),
    'union.subUnits': w > 150 ? r(w / 60) : 0,
    'union.committee': committee,
    'union.committeeWomen': Math.min(committee, r(committee * share.women)),
    'union.inspectors': members < 30 ? 1 : 3,
    'union.inspections': 1,
    'agreement.inForce': inForce,
    'agreement.signed': months === 12 && random() < 0.2 ? inForce : 0,
    'agreement.coveredWorkers': inForce ? w : 0,
    'conference.workers': unit.sector === 'company' || unit.sector === 'coop' ? 1 : 0,
    'conference.officials': unit.sector === 'company' || unit.sector === 'coop' ? 0 : 1,
    'democracy.regulations': 1,
    'dialogue.count': unit.sector === 'company' ? r(2 * span) + 1 : 0,
    'legal.consultations': r(random() * members * 0.2 * span),
    'disputes.collective': 0,
    'strikes.count': 0,
    'strikes.workers': 0,
    'safety.officers': Math.min(w, unit.sector === 'company' ? Math.max(1, r(w / 40)) : 1),
    'welfare.visits': r(members * 0.15 * span) + 1,
    'welfare.amount': (r(members * 0.15 * span) + 1) * 500_000,
    'gifts.tet': months === 12 || random() < 0.5 ? members : 0,
    'gifts.tetAmount': months === 12 || random() < 0.5 ? members * 400_000 : 0,
    'maiam.houses': houses,
    'maiam.newHouses': houses,
    'maiam.amount': houses * 50_000_000,
    'loans.projects': 0,
    'loans.persons': 0,
    'loans.amount': 0,
    'propaganda.sessions': sessions,
    'propaganda.participants': sessions * Math.max(1, r(members * 0.8)),
    'training.courses': courses,
    'training.participants': courses * Math.max(1, committee),
    'emulation.initiatives': r(random() * 3 * span),
    'emulation.initiativesValue': 0,
    'awards.collectives': months === 12 && random() < 0.3 ? 1 : 0,
    'awards.individuals': months === 12 ? r(random() * 3) : 0,
    'leaders.total': leaders,
    'leaders.women': leadersWomen,
    'leaders.womenPromoted': Math.min(leadersWomen, random() < 0.1 ? 1 : 0),
    'women.excellentTitle': Math.min(women, r(women * 0.3)),
    'party.introduced': introduced,
    'party.admitted': Math.min(introduced, random() < 0.5 ? introduced : 0),
    'finance.feePlanned': feePlanned,
    'finance.feeCollected': feeCollected,
    'finance.duesPlanned': duesPlanned,
    'finance.duesCollected': duesCollected,
    'finance.retained': r(((feeCollected + duesCollected) * 0.7) / 1000) * 1000,
    'finance.spent': r(((feeCollected + duesCollected) * 0.6) / 1000) * 1000,
    'notes.preparedBy': 'Chủ tịch Công đoàn cơ sở',
  }
}

/** Plausible B02 figures for an upper-level union (or the province) over its own work. */
function upperFigures(random: () => number, direct: number, months: number): RawValues {
  const r = (x: number) => Math.max(0, Math.round(x))
  const span = months / 12
  const state = r(direct * 0.8)
  const nonState = r(direct * 0.15)
  const fdi = Math.max(0, Math.min(direct - state - nonState, r(direct * 0.02)))
  const rated = months === 12 ? direct : 0
  const excellent = r(rated * 0.25)
  const good = r(rated * 0.6)
  const done = Math.max(0, rated - excellent - good - 1)
  const failed = rated > 0 ? 1 : 0
  const executive = 15 + r(random() * 10)
  const admitted = r(direct * 0.5 * span) + 1
  const sessions = r(12 * span) + 1
  const courses = r(3 * span) + 1
  const participants = courses * 40
  return {
    'cdcs.total': direct,
    'cdcs.state': state,
    'cdcs.nonState': nonState,
    'cdcs.fdi': fdi,
    'cdcs.professional': 0,
    'cdcs.founded': r(random() * 2 * span),
    'cdcs.rated': rated,
    'cdcs.ratedExcellent': excellent,
    'cdcs.ratedGood': good,
    'cdcs.ratedDone': done,
    'cdcs.ratedFailed': failed,
    'cdcs.strong': Math.min(excellent + good, r(rated * 0.88)),
    'cdcs.withAgreement': r(direct * 0.6),
    'cdcs.memberUnits': 0,
    'cdcs.dissolved': 0,
    'members.admittedByUpper': admitted,
    'members.admittedByUpperWomen': r(admitted * 0.5),
    'members.admittedInNewUnions': Math.min(admitted, r(admitted * 0.3)),
    'members.directAtUpper': 0,
    'officers.fullTime': 3,
    'officers.fullTimeWomen': 1,
    'executive.total': executive,
    'executive.women': r(executive * 0.4),
    'inspection.committee': 5,
    'inspection.checks': r(direct * 0.2 * span) + 1,
    'inspection.checksFinance': r(direct * 0.1 * span),
    'inspection.complaints': 0,
    'agreement.sectoral': 0,
    'supervision.count': r(4 * span),
    'legal.consultations': r(random() * 100 * span),
    'legal.cases': 0,
    'disputes.collective': 0,
    'strikes.count': 0,
    'strikes.settledByUnion': 0,
    'strikes.workers': 0,
    'propaganda.sessions': sessions,
    'propaganda.participants': sessions * 60,
    'training.courses': courses,
    'training.participants': participants,
    'training.participantsWomen': r(participants * 0.5),
    'awards.collectives': months === 12 ? 2 : 0,
    'awards.individuals': months === 12 ? 5 : 0,
    'welfare.visits': r(40 * span),
    'welfare.amount': r(40 * span) * 1_000_000,
    'gifts.tet': r(direct * 3),
    'gifts.tetAmount': r(direct * 3) * 500_000,
    'maiam.houses': random() < 0.3 ? 1 : 0,
    'maiam.newHouses': 0,
    'maiam.amount': 0,
    'loans.projects': 0,
    'loans.persons': 0,
    'loans.amount': 0,
    'party.introduced': 1,
    'party.admitted': 1,
    'finance.feePlanned': direct * 12_000_000 * span,
    'finance.feeCollected': direct * 11_500_000 * span,
    'finance.duesPlanned': direct * 3_000_000 * span,
    'finance.duesCollected': direct * 2_900_000 * span,
    'finance.allocatedToCdcs': direct * 8_000_000 * span,
    'finance.paidUp': direct * 3_500_000 * span,
    'notes.preparedBy': 'Ban Tổ chức',
  }
}

function at(date: string, minutes: number): string {
  return new Date(Date.parse(`${date}T08:00:00+07:00`) + minutes * 60_000).toISOString()
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

interface PeriodPlan {
  period: Period
  months: number
  /** Share of units that submitted at all, that were late, accepted, returned. */
  submitted: number
  late: number
  accepted: number
  returned: number
  /** Submissions fall in the days before this date (the latest "today" for an open period). */
  lastDay: string
}

const PLANS: PeriodPlan[] = [
  {
    period: DEMO_PERIODS[0] as Period,
    months: 12,
    submitted: 0.96,
    late: 0.08,
    accepted: 0.9,
    returned: 0.03,
    lastDay: '2025-12-15',
  },
  {
    period: DEMO_PERIODS[1] as Period,
    months: 6,
    submitted: 0.94,
    late: 0.1,
    accepted: 0.85,
    returned: 0.04,
    lastDay: '2026-06-15',
  },
  {
    period: DEMO_PERIODS[2] as Period,
    months: 12,
    submitted: 0.38,
    late: 0,
    accepted: 0.3,
    returned: 0.06,
    lastDay: '2026-11-22',
  },
]

/** Whether the store holds no units at all (a fresh data directory). */
export async function isEmptyStore(store: Store): Promise<boolean> {
  return (await store.listUnits()).length === 0
}

/**
 * Seeds the demo province into a store: units, periods, submissions, reviews and the demo keys.
 * Returns the keys (unit → key), derived from `secret`.
 */
export async function seedDemo(
  store: Store,
  catalog: FormCatalog,
  options: { secret: string; cost?: ScryptCost },
): Promise<Record<string, string>> {
  const admin = { actor: 'admin', address: null }
  const units = demoUnits()
  await store.importUnits(
    units.map(({ code, name, parent, level, validFrom, validTo }) => ({
      code,
      name,
      parent,
      level,
      validFrom: validFrom ?? null,
      validTo: validTo ?? null,
    })),
    {
      ...admin,
      action: 'units.import',
      target: DEMO_PROVINCE,
      details: { demo: true, count: units.length },
    },
  )
  for (const period of DEMO_PERIODS) {
    await store.savePeriod(
      { ...period, open: true },
      { ...admin, action: 'period.open', target: period.id, details: { demo: true } },
    )
  }
  for (const person of DEMO_PEOPLE) {
    await addAccount(store, person, admin, {
      code: demoCode(options.secret, person.login),
      ...(options.cost ? { cost: options.cost } : {}),
    })
  }
  const random = prng(2026)
  const childCount = new Map<string, number>()
  for (const unit of units) {
    if (unit.parent) {
      childCount.set(unit.parent, (childCount.get(unit.parent) ?? 0) + 1)
    }
  }
  const drift = new Map(units.map((u) => [u.code, 1]))
  // Each unit's figures by period, so that a period is checked against the one a real submission
  // would be compared with (the same kind a year before), not the plan before it.
  const figures = new Map<string, Map<string, Values>>()
  for (const plan of PLANS) {
    const comparable = previousComparablePeriod(plan.period.id, DEMO_PERIODS)
    const previous = (comparable && figures.get(comparable.id)) || new Map<string, Values>()
    const current = new Map<string, Values>()
    figures.set(plan.period.id, current)
    const appends: Promise<unknown>[] = []
    const reviews: {
      unit: string
      form: string
      decision: 'accept' | 'return'
      reviewer: string
      at: string
    }[] = []
    for (const unit of units) {
      const valid =
        (!unit.validFrom || unit.validFrom <= plan.period.cutoff) &&
        (!unit.validTo || plan.period.cutoff <= unit.validTo)
      if (!valid) {
        continue
      }
      const form: FormDefinition = formForLevel(catalog, unit.level)
      const keyUnit = (DEMO_KEY_UNITS as readonly string[]).includes(unit.code)
      const roll = random()
      const forceNone = plan.period.open && (unit.code === 'BK.GD.001' || unit.code === 'BK.GD')
      const forceReturned = plan.period.open && unit.code === 'BK.KCN.001'
      if (!forceReturned && (forceNone || roll > plan.submitted)) {
        continue
      }
      drift.set(unit.code, (drift.get(unit.code) ?? 1) * (0.97 + random() * 0.08))
      const raw =
        unit.level === 'grassroots'
          ? grassrootsFigures(random, unit, plan.months, drift.get(unit.code) ?? 1)
          : upperFigures(random, childCount.get(unit.code) ?? 0, plan.months)
      if (
        unit.level === 'grassroots' &&
        random() < 0.006 &&
        typeof raw['members.total'] === 'number'
      ) {
        raw['members.new'] = 0
        raw['members.total'] = Math.round(raw['members.total'] * 0.55)
        raw['members.women'] = Math.min(Number(raw['members.women']), raw['members.total'])
        raw['members.party'] = Math.min(Number(raw['members.party']), raw['members.total'])
        raw['members.card'] = raw['members.total']
      }
      const { values, findings } = checkSubmission(form, raw, previous.get(unit.code) ?? null)
      if (hasErrors(findings)) {
        throw new Error(
          `demo figures of ${unit.code} fail validation: ${findings
            .filter((f) => f.severity === 'error')
            .map((f) => f.rule)
            .join(', ')}`,
        )
      }
      current.set(unit.code, values)
      const warnings = findings.filter((f) => f.severity === 'warning')
      const late = !keyUnit && random() < plan.late
      const day = late
        ? addDays(plan.period.deadline, 1 + Math.floor(random() * 20))
        : addDays(plan.lastDay, -Math.floor(random() * 14))
      const submittedAt = at(day, Math.floor(random() * 540))
      const onBehalf = unit.sector === 'coop' && random() < 0.2 && unit.parent
      const person = onBehalf
        ? demoPerson(unit.parent as string, 'duyệt')
        : demoPerson(unit.code, 'lập-biểu')
      appends.push(
        store.appendRevision({
          unit: unit.code,
          period: plan.period.id,
          form: form.id,
          formVersion: form.version,
          // The form's own "Người lập biểu" row names the person who sent it, as a clerk writes it.
          values: person ? { ...values, 'notes.preparedBy': person.name } : values,
          warnings,
          acknowledgedWarnings: warnings.map((w) => w.rule),
          submittedAt,
          submittedBy: onBehalf ? (unit.parent as string) : unit.code,
          submittedByPerson: person,
          audit: {
            actor: onBehalf ? (unit.parent as string) : unit.code,
            person: auditPerson(person),
            address: null,
            action: 'submission.create',
            target: `${unit.code}/${plan.period.id}/${form.id}`,
            details: { demo: true },
          },
        }),
      )
      const decision = random()
      if (unit.parent && !keyUnit) {
        const reviewAt = at(addDays(day, 2), 60)
        if (decision < plan.accepted) {
          reviews.push({
            unit: unit.code,
            form: form.id,
            decision: 'accept',
            reviewer: unit.parent,
            at: reviewAt,
          })
        } else if (decision < plan.accepted + plan.returned) {
          reviews.push({
            unit: unit.code,
            form: form.id,
            decision: 'return',
            reviewer: unit.parent,
            at: reviewAt,
          })
        }
      }
      // The CĐCS clerk's first report is accepted by the upper union's reviewer, so the printed
      // form names both people.
      if (unit.code === 'BK.GD.001' && plan.period.id === DEMO_PERIODS[0]?.id) {
        reviews.push({
          unit: unit.code,
          form: form.id,
          decision: 'accept',
          reviewer: 'BK.GD',
          at: at(addDays(day, 2), 60),
        })
      }
      if (forceReturned && unit.parent) {
        reviews.push({
          unit: unit.code,
          form: form.id,
          decision: 'return',
          reviewer: unit.parent,
          at: at(addDays(day, 1), 90),
        })
      }
    }
    await Promise.all(appends)
    await Promise.all(
      reviews.map((review) => {
        const reviewerPerson = demoPerson(review.reviewer, 'duyệt')
        return store.review({
          unit: review.unit,
          period: plan.period.id,
          form: review.form,
          decision: review.decision,
          comment:
            review.decision === 'accept'
              ? ''
              : 'Đề nghị kiểm tra lại số đoàn viên nữ và số tiền thăm hỏi, đối chiếu sổ sách rồi gửi lại.',
          reviewer: review.reviewer,
          reviewerPerson,
          reviewedAt: review.at,
          audit: {
            actor: review.reviewer,
            person: auditPerson(reviewerPerson),
            address: null,
            action: `review.${review.decision}`,
            target: `${review.unit}/${plan.period.id}/${review.form}`,
            details: { demo: true },
          },
        })
      }),
    )
  }
  for (const period of DEMO_PERIODS.filter((p) => !p.open)) {
    await store.savePeriod(period, {
      ...admin,
      action: 'period.close',
      target: period.id,
      details: { demo: true },
    })
  }
  const keys: Record<string, string> = {}
  for (const unit of DEMO_KEY_UNITS) {
    const key = demoKey(options.secret, unit)
    await issueKey(store, unit, admin, { key, ...(options.cost ? { cost: options.cost } : {}) })
    keys[unit] = key
  }
  return keys
}

/** The demo keys still active in the store (unit → key), for printing at start. */
export async function activeDemoKeys(
  store: Store,
  secret: string,
): Promise<Record<string, string>> {
  const keys: Record<string, string> = {}
  for (const unit of DEMO_KEY_UNITS) {
    const key = demoKey(secret, unit)
    for (const stored of await store.activeKeys(unit)) {
      if (await verifyKey(key, stored.hash)) {
        keys[unit] = key
        break
      }
    }
  }
  return keys
}

/** A demo person as the start banner shows them: their one-time code while it is unused. */
export interface DemoSignIn extends NewAccount {
  /** null once the person has set a password (or the account is disabled or its code reset). */
  code: string | null
}

/** The demo people still in the store, each with their one-time code while it still works. */
export async function demoSignIns(store: Store, secret: string): Promise<DemoSignIn[]> {
  const people: DemoSignIn[] = []
  for (const person of DEMO_PEOPLE) {
    const account = await store.getAccount(person.login)
    if (!account || account.unit !== person.unit) {
      continue
    }
    const code = demoCode(secret, person.login)
    const pending =
      account.disabledAt === null &&
      account.codeHash !== null &&
      (await verifyKey(code, account.codeHash))
    people.push({ ...person, roles: account.roles, code: pending ? code : null })
  }
  return people
}
