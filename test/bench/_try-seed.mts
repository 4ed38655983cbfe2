const { ensureSeeded } = await import('/work/main/test/bench/seed.ts');
const { formatTable } = await import('/work/main/test/bench/support/report.ts');
const s = await ensureSeeded();
console.log(formatTable(s.rows));
