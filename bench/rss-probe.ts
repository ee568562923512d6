/**
 * Preloaded (`node --import`) into a CLI process the benchmark runs: at exit it writes the
 * process's peak resident set size in KiB to the file named by HEAPLINT_BENCH_RSS_FILE, so the
 * real `bin` can be measured as users run it, without wrapping it in the benchmark's own code.
 */
import fs from 'node:fs';

const out = process.env.HEAPLINT_BENCH_RSS_FILE;
if (out !== undefined && out !== '') {
  process.on('exit', () => {
    fs.writeFileSync(out, String(process.resourceUsage().maxRSS));
  });
}
