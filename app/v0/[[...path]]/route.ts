// `/v0/...` answers exactly as `/v0.1/...`, as the official registry does.
export { GET, POST, PUT, PATCH, DELETE } from "@/app/v0.1/[[...path]]/route";

export const dynamic = "force-dynamic";
