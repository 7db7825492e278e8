// Cold start of one client in a fresh process: `node dist/cold-start.js <client>`. Measures the
// CPU and wall time of importing the library and constructing a client, nothing else.
import { type ClientName, openClient } from "./clients/client.js";

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const client = await openClient(process.argv[2] as ClientName, {
  endpoint: "http://127.0.0.1:9",
  bucket: "bench",
  region: "us-east-1",
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
});
const cpu = process.cpuUsage(cpu0);
const result = { cpuMs: (cpu.user + cpu.system) / 1000, wallMs: performance.now() - t0 };
await client.close();
if (process.send) process.send(result, () => process.exit(0));
else console.log(JSON.stringify(result));
