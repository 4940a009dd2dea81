/** Process entry: runs `main` with the real process and exits with its code. */
import { main } from '../main';

const code = await main(process.argv.slice(2), {
  env: process.env,
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
});
process.exitCode = code;
