// load_exceljs.js FILE... - a baseline of the benchmark: exceljs (npm) merely
// loading each workbook (Workbook.xlsx.readFile) and touching every cell
// value.  No recognition, no validation.  Files are read one after another.
// A file exceljs cannot load is counted, not fatal.  Prints one line:
// "<documents> <seconds> <cells> <failed>" (seconds: the loading alone).
'use strict';

const ExcelJS = require('exceljs');

async function main(paths) {
    const start = process.hrtime.bigint();
    let cells = 0;
    let failed = 0;
    for (const p of paths) {
        try {
            const wb = new ExcelJS.Workbook();
            await wb.xlsx.readFile(p);
            wb.eachSheet((ws) => {
                ws.eachRow({ includeEmpty: false }, (row) => {
                    row.eachCell({ includeEmpty: false }, (cell) => {
                        if (cell.value !== null && cell.value !== undefined)
                            cells++;
                    });
                });
            });
        } catch (e) {
            failed++;
            if (failed <= 3)
                process.stderr.write(`exceljs: ${p}: ${e.message}\n`);
        }
    }
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    process.stdout.write(`${paths.length} ${seconds.toFixed(3)} ${cells} ${failed}\n`);
}

main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(`exceljs: ${e.stack}\n`);
    process.exit(1);
});
