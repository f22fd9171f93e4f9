// Preloaded into a measured `k8s-sim` process (node --require): at exit it writes the process's
// peak resident memory in bytes to the file named by K8S_SIM_PEAK_RSS_FILE.
import * as fs from 'node:fs';

process.on('exit', () => {
  const file = process.env.K8S_SIM_PEAK_RSS_FILE;
  if (file) fs.writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
