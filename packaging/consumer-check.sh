#!/usr/bin/env bash
# Proves that the packages work for an application outside the solution: packs NetGeometry and NetGeometry.Lab into a
# local folder feed under a version no earlier run used (so a package cached under the same version can never stand in),
# copies packaging/consumer/ to a folder outside the repository, restores it from that feed (NuGet.config: the feed for
# NetGeometry*, nuget.org for everything else), builds and runs it, publishes and runs the published copy. The consumer
# references NetGeometry and picks libtorch-cpu-linux-x64 itself; it checks the library's empirical NTK against the
# closed form and prints "ok consumer". Exits non-zero if any step fails.
# Run by tests/NetGeometry.Tests/Packaging/ConsumerPackageTests.cs.
#
# Usage: bash packaging/consumer-check.sh [-c Configuration] [--no-build] [--work DIR]
#   -c           the configuration to pack (Release)
#   --no-build   pack the assemblies already built in that configuration (after `dotnet build NetGeometry.sln -c Release`)
#   --work DIR   work in DIR (feed/, nuspec/, app/, publish/) and leave it there; default: a temporary folder, removed
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
configuration=Release
no_build=()
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    -c|--configuration) configuration=$2; shift 2 ;;
    --no-build) no_build=(--no-build); shift ;;
    --work) work=$2; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
keep=1
if [ -z "$work" ]; then work=$(mktemp -d); keep=0; fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
case "$work/" in "$repo/"*) echo "--work must be outside the repository ($repo)" >&2; exit 2 ;; esac

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
build_flags=(-nologo -tl:off --disable-build-servers)
version="0.1.0-consumer.$(date -u +%Y%m%d%H%M%S).$$"
libtorch=$(sed -n 's/.*PackageVersion Include="libtorch-cpu-linux-x64" Version="\([^"]*\)".*/\1/p' "$repo/Directory.Packages.props")
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
cleanup() {
  # The packages this run put in the global packages folder are its own (unique version): remove them.
  rm -rf "${packages%/}/netgeometry/$version" "${packages%/}/netgeometry.lab/$version"
  rmdir "${packages%/}/netgeometry" "${packages%/}/netgeometry.lab" 2>/dev/null || true
  if [ "$keep" = 0 ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
echo "version: $version"
echo "libtorch-cpu-linux-x64: $libtorch"

echo "== pack ($configuration${no_build:+, no build}) into $work/feed"
for project in NetGeometry NetGeometry.Lab; do
  dotnet pack "$repo/src/$project/$project.csproj" -c "$configuration" "${no_build[@]}" "${build_flags[@]}" -v quiet \
    -o "$work/feed" -p:Version="$version" -p:NuspecOutputPath="$work/nuspec/"
done
ls "$work/feed"

echo "== restore and build the consumer in $work/app"
rm -rf "$work/app" "$work/publish"
mkdir -p "$work/app"
cp "$repo/packaging/consumer/NetGeometryConsumer.csproj" "$repo/packaging/consumer/Program.cs" "$work/app/"
cat > "$work/app/NuGet.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local">
      <package pattern="NetGeometry" />
      <package pattern="NetGeometry.*" />
    </packageSource>
    <packageSource key="nuget.org">
      <package pattern="*" />
    </packageSource>
  </packageSourceMapping>
</configuration>
EOF
props=(-p:NetGeometryVersion="$version" -p:LibTorchVersion="$libtorch")
dotnet build "$work/app/NetGeometryConsumer.csproj" -c Release "${build_flags[@]}" "${props[@]}"
if ! grep -q "\"NetGeometry/$version\"" "$work/app/obj/project.assets.json"; then
  echo "FAILED: the consumer did not restore NetGeometry $version" >&2
  exit 1
fi
echo "restored: NetGeometry $version from $work/feed"

echo "== run the build output"
dotnet "$work/app/bin/Release/net10.0/NetGeometryConsumer.dll"

echo "== publish and run the published app"
dotnet publish "$work/app/NetGeometryConsumer.csproj" -c Release "${build_flags[@]}" "${props[@]}" -o "$work/publish"
dotnet "$work/publish/NetGeometryConsumer.dll"
echo "consumer check passed: NetGeometry $version"
