// load_sheetjs.js FILE... - a baseline of the benchmark: SheetJS "xlsx" (npm)
// merely loading each workbook (XLSX.readFile, default options) and touching
// every cell value.  No recognition, no validation.  A file SheetJS cannot
// load is counted, not fatal.  Prints one line:
// "<documents> <seconds> <cells> <failed>" (seconds: the loading alone).
'use strict';

const XLSX = require('xlsx');

function main(paths) {
    const start = process.hrtime.bigint();
    let cells = 0;
    let failed = 0;
    for (const p of paths) {
        try {
            const wb = XLSX.readFile(p);
            for (const name of wb.SheetNames) {
                const ws = wb.Sheets[name];
                for (const ref in ws) {
                    if (ref[0] === '!')
                        continue;
                    if (ws[ref].v !== undefined && ws[ref].v !== null)
                        cells++;
                }
            }
        } catch (e) {
            failed++;
            if (failed <= 3)
                process.stderr.write(`sheetjs: ${p}: ${e.message}\n`);
        }
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    process.stdout.write(`${paths.length} ${seconds.toFixed(3)} ${cells} ${failed}\n`);
}

main(process.argv.slice(2));
