/**
 * @module Who entered and who reviewed a report, as the sheets write it ("Tình hình nộp báo cáo",
 * "Nhập hộ"): the unit itself or its upper union, then the person's name, or "khóa đơn vị" when a
 * unit key was used. One wording for every sheet.
 */
import { actedByText, type ActingPerson } from '../shared/accounts.ts'

/**
 * "Đơn vị tự nhập: Nguyễn Thị Lan" or "Cấp trên nhập (BK.GD): khóa đơn vị"; empty when nothing
 * was sent.
 *
 * @example
 * enteredBy('BK.GD.001', 'BK.GD', null) // 'Cấp trên nhập (BK.GD): khóa đơn vị'
 */
export function enteredBy(
  unit: string,
  submittedBy: string | null,
  person: ActingPerson | null,
): string {
  if (!submittedBy) {
    return ''
  }
  const by = submittedBy === unit ? 'Đơn vị tự nhập' : `Cấp trên nhập (${submittedBy})`
  return `${by}: ${actedByText(person)}`
}

/** "BK.GD: Hoàng Văn Hùng" or "BK.GD: khóa đơn vị"; empty when nobody reviewed. */
export function reviewedBy(reviewer: string | null, person: ActingPerson | null): string {
  return reviewer ? `${reviewer}: ${actedByText(person)}` : ''
}
