/** Process entry of plumb-kafka-lag for the bundled artefact: runs the CLI with the real process. */
import { runLagCli } from './lag-main';

process.exitCode = await runLagCli(process.argv.slice(2));
