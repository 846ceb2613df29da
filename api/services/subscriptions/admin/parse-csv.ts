// Reads the address column of an exported distribution list: the first cell of each line, quoted
// or not; a header line ("email", "address"...) is skipped.
export type CsvAddress = { line: number; value: string };

export function readAddressColumn(csv: string): CsvAddress[] {
  const out: CsvAddress[] = [];
  csv.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/).forEach((text, i) => {
    const value = firstCell(text).trim();
    if (!value) return;
    if (i === 0 && !value.includes('@') && /^(e-?mail|address|email address)$/i.test(value)) return;
    out.push({ line: i + 1, value });
  });
  return out;
}

function firstCell(line: string): string {
  if (!line.startsWith('"')) return line.split(/[,;\t]/)[0] ?? '';
  let cell = '';
  for (let i = 1; i < line.length; i++) {
    if (line[i] === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (line[i] === '"') {
      break;
    } else {
      cell += line[i];
    }
  }
  return cell;
}
