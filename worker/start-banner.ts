/**
 * @module The two lines `npm start` prints on how to get from here to the pane inside Excel:
 * Office loads add-ins over HTTPS only, so on plain HTTP the first step is a certificate.
 */

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
