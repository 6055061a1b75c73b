// The tests' npm registry is the one the demo serves its packages from.
export { type LocalAdvisory as FakeAdvisory, type LocalPackage as FakePackage, startLocalNpmRegistry as startFakeRegistry } from "@/lib/npm/local-npm-registry";
export { fixturePackage, packDirectory, packTarball } from "@/lib/npm/pack-package";
