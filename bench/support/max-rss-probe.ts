// Preloaded with `node --import` when /usr/bin/time is missing: writes this process's peak RSS (KiB,
// getrusage ru_maxrss) to $BENCH_MAX_RSS_FILE as the process exits.
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_MAX_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
