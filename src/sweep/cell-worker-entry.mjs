// piscina worker entry: worker threads do not inherit the parent's TypeScript loader, so this
// plain-JS file registers tsx in the thread and hands piscina the TypeScript task.
import { register } from 'tsx/esm/api';

register();
const { default: runCellTask } = await import('./cell-worker.ts');
export default runCellTask;
