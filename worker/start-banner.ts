/**
 * @module What `npm start` prints beside the addresses: the demo people with their one-time codes
 * and how to use one, and the two lines on how to get from here to the pane inside Excel (Office
 * loads add-ins over HTTPS only, so on plain HTTP the first step is a certificate).
 */
import type { DemoSignIn } from './demo.ts'

/**
 * The demo people, a line each (login, one-time code or "password set", name, roles and unit),
 * then where in the pane a code is used; nothing when there are none.
 */
export function demoPeopleLines(people: readonly DemoSignIn[]): string[] {
  if (people.length === 0) {
    return []
  }
  const codeWidth = Math.max(...people.map((person) => (person.code ?? '').length), 19)
  return [
    '  Người mẫu / demo people (tên đăng nhập, mã kích hoạt một lần / login, one-time code):',
    ...people.map((person) => {
      const code = (person.code ?? 'đã đặt mật khẩu').padEnd(codeWidth)
      const roles = person.roles.map((role) => role.replace('-', ' ')).join(', ')
      return `    ${person.login.padEnd(12)} ${code}  ${person.name}, ${roles}, ${person.unit}`
    }),
    '    Trong pane › Tài khoản cá nhân › "Lần đầu đăng nhập…": tên, mã, mật khẩu mới (≥ 10 ký tự) / in the pane: first sign-in sets a password',
  ]
}

/** The way into Excel from a worker serving `origin`, in two lines (Vietnamese / English). */
export function excelSteps(origin: string): [string, string] {
  const manifest = `${origin}/manifest.xml`
  if (origin.startsWith('https://')) {
    return [
      `  Trong Excel / in Excel: nạp ${manifest} (sideload / upload the manifest)`,
      '    npm run sideload (Excel Windows, Mac) hoặc Excel trên web › Bổ trợ › Tải lên bổ trợ của tôi; xem addin/README.md',
    ]
  }
  const port = /:(\d+)$/.exec(origin)?.[1] ?? '8787'
  return [
    '  Trong Excel / in Excel: Office chỉ nạp add-in qua HTTPS / Office needs HTTPS: npm run certs, rồi TLS_CERT=… TLS_KEY=… npm start',
    `    rồi nạp / then sideload https://localhost:${port}/manifest.xml: npm run sideload, hoặc Excel trên web › Bổ trợ › Tải lên; xem addin/README.md`,
  ]
}
