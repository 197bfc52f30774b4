// Routes reach the database through this module: `.server` files inside app/ never reach the browser bundle.
export { db } from "../../db/client.server";
export type { Db } from "../../db/client.server";
