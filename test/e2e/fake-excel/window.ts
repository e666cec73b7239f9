/** @module What the end-to-end tests may ask of the simulated Excel (fake-office.ts) in the page. */

declare global {
  interface Window {
    fakeExcel: {
      book: {
        syncs: number
        selection: { sheet: string; address: string } | null
        decimalSeparator: string
        /** The recalculations the add-in asked for, by type ("Full"). */
        calculations: string[]
      }
      type(sheet: string, address: string, text: string): void
      value(sheet: string, address: string): string | number | boolean
      fill(sheet: string, address: string): string | null
      note(sheet: string, address: string): string | null
      rows(sheet: string): (string | number | boolean)[][]
      sheetNames(): string[]
      select(sheet: string, address: string): void
      filter(table: string, header: string, values: string[]): void
      tables(): { name: string; sheet: string; address: string; filtered: number }[]
      visibleRows(sheet: string): (string | number | boolean)[][]
    }
  }
}

export {}
