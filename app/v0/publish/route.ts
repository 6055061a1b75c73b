// `/v0/publish` answers exactly as `/v0.1/publish`, as the official registry does.
export { GET, POST, PUT, PATCH, DELETE } from "@/app/v0.1/publish/route";

export const dynamic = "force-dynamic";
