import { buildWebApp } from "@/lib/web/next-build";

// `npm run build`: builds the web app once, so that several `npm start` processes can share it.
await buildWebApp(process.cwd());
