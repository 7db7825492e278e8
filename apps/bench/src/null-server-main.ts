// The null S3 server as its own process: `node dist/null-server-main.js [listKeys]`. Tells its
// parent the port over IPC (or prints it), then serves until killed.
import { startNullServer } from "./null-server.js";

const listKeys = Number(process.argv[2] ?? 10_000);
const { port } = await startNullServer({ listKeys });
if (process.send) process.send({ port });
else console.log(JSON.stringify({ port }));
