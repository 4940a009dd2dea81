/** Process entry of the `plumb` CLI. */
import { processIo } from '@plumb/io';
import { runPlumb } from './plumb';

process.exitCode = await runPlumb(process.argv.slice(2), processIo());
