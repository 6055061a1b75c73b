import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native database drivers and the Prisma runtime are loaded from node_modules at run time
  // rather than bundled.
  serverExternalPackages: ["pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  // The app's own sources only: a test's type error must not stop `npm start`.
  typescript: { tsconfigPath: "tsconfig.next.json" },
  typedRoutes: false,
  // forbidden() from next/navigation: a signed-in user without the role gets a real 403 page.
  experimental: { authInterrupts: true },
};

export default nextConfig;
